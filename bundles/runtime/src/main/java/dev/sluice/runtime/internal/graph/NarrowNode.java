package dev.sluice.runtime.internal.graph;

import java.util.List;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.PipelinedRdd;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.exec.Stage;

/** map, filter, flatMap, mapToPair: an element-wise operator, fused with its neighbours at execution. */
public final class NarrowNode<P, T> extends DStreamNode<T> {

    private final DStreamNode<P> parent;
    private final Stage<P, T> stage;

    public NarrowNode(DStreamGraph graph, String operator, DStreamNode<P> parent, Stage<P, T> stage) {
        super(graph, operator);
        this.parent = parent;
        this.stage = stage;
    }

    @Override
    public List<DStreamNode<?>> dependencies() {
        return List.of(parent);
    }

    @Override
    protected Rdd<T> compute(Time time) {
        Rdd<P> in = parent.getOrCompute(time);
        return in == null ? null : new PipelinedRdd<>(in, stage);
    }
}
