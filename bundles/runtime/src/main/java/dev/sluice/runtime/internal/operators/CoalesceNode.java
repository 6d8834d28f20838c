package dev.sluice.runtime.internal.operators;

import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.graph.DStreamNode;
import dev.sluice.runtime.internal.exec.CoalescedRdd;

/** {@code coalesce}: at most n partitions, joining neighbours without a shuffle. */
public final class CoalesceNode<T> extends OneParentNode<T, T> {

    private final int numPartitions;

    public CoalesceNode(DStreamNode<T> parent, int numPartitions) {
        super(parent, "coalesce");
        this.numPartitions = numPartitions;
    }

    @Override
    protected Rdd<T> apply(Rdd<T> batch, Time time) {
        return new CoalescedRdd<>(batch, numPartitions);
    }

    /** In a group: each element on its own: a member's part of the batch in, its part out. */
    @Override
    public GroupPart groupPart() {
        return GroupPart.PER_PART;
    }
}
