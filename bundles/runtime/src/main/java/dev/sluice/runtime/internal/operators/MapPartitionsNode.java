package dev.sluice.runtime.internal.operators;

import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.graph.DStreamNode;
import dev.sluice.runtime.internal.exec.MapPartitionsRdd;
import java.util.Iterator;
import java.util.function.Function;

/** {@code mapPartitions}, {@code mapPartitionsToPair} and {@code glom}: each partition of a batch through a function of its iterator. */
public final class MapPartitionsNode<T, U> extends OneParentNode<T, U> {

    private final Function<? super Iterator<T>, ? extends Iterator<? extends U>> f;

    public MapPartitionsNode(DStreamNode<T> parent, String operator, Function<? super Iterator<T>, ? extends Iterator<? extends U>> f) {
        super(parent, operator);
        this.f = f;
    }

    @Override
    protected Rdd<U> apply(Rdd<T> batch, Time time) {
        return new MapPartitionsRdd<>(batch, f);
    }

    /** In a group: each element on its own: a member's part of the batch in, its part out. */
    @Override
    public GroupPart groupPart() {
        return GroupPart.PER_PART;
    }
}
