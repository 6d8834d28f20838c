package dev.sluice.runtime.internal.operators;

import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.graph.DStreamNode;
import dev.sluice.runtime.internal.exec.PipelinedRdd;
import dev.sluice.runtime.internal.exec.Stage;
import java.util.function.Function;

/** {@code flatMap} and {@code flatMapToPair}: every element to any number of elements. */
public final class FlatMapNode<T, U> extends OneParentNode<T, U> {

    private final Function<? super T, ? extends Iterable<? extends U>> f;

    public FlatMapNode(DStreamNode<T> parent, String operator, Function<? super T, ? extends Iterable<? extends U>> f) {
        super(parent, operator);
        this.f = f;
    }

    @Override
    protected Rdd<U> apply(Rdd<T> batch, Time time) {
        return new PipelinedRdd<>(batch, Stage.flatMap(f));
    }

    /** In a group: each element on its own: a member's part of the batch in, its part out. */
    @Override
    public GroupPart groupPart() {
        return GroupPart.PER_PART;
    }
}
