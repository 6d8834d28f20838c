package dev.sluice.runtime.internal.operators;

import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.graph.DStreamNode;
import dev.sluice.runtime.internal.exec.PipelinedRdd;
import dev.sluice.runtime.internal.exec.Stage;
import java.util.function.Function;

/** {@code map} and {@code mapToPair}: every element through a function. */
public final class MapNode<T, U> extends OneParentNode<T, U> {

    private final Function<? super T, ? extends U> f;

    public MapNode(DStreamNode<T> parent, String operator, Function<? super T, ? extends U> f) {
        super(parent, operator);
        this.f = f;
    }

    @Override
    protected Rdd<U> apply(Rdd<T> batch, Time time) {
        return new PipelinedRdd<>(batch, Stage.map(f));
    }

    /** In a group: each element on its own: a member's part of the batch in, its part out. */
    @Override
    public GroupPart groupPart() {
        return GroupPart.PER_PART;
    }
}
