package dev.sluice.runtime.internal.operators;

import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.graph.DStreamNode;
import java.util.List;

/**
 * An operator that makes each batch from its parent's batch of the same time. A subclass says
 * what it does to one batch; narrow ones are fused with their neighbours into one pass per
 * partition by the datasets they make.
 */
public abstract class OneParentNode<T, U> extends DStreamNode<U> {

    protected final DStreamNode<T> parent;

    protected OneParentNode(DStreamNode<T> parent, String operator) {
        super(parent.graph(), operator);
        this.parent = parent;
    }

    @Override
    public final List<DStreamNode<?>> dependencies() {
        return List.of(parent);
    }

    @Override
    protected final Rdd<U> compute(Time time) {
        Rdd<T> batch = parent.getOrCompute(time);
        return batch == null ? null : apply(batch, time);
    }

    /** This operator's work on the parent's batch of {@code time}. */
    protected abstract Rdd<U> apply(Rdd<T> batch, Time time);
}
