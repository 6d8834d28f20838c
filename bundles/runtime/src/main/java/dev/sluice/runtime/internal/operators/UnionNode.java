package dev.sluice.runtime.internal.operators;

import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.exec.UnionRdd;
import dev.sluice.runtime.internal.graph.DStreamNode;
import java.util.List;

/** {@code union}: the elements of both streams' batches of the same time. */
public final class UnionNode<T> extends TwoParentNode<T, T, T> {

    public UnionNode(DStreamNode<T> left, DStreamNode<T> right) {
        super(left, right, "union");
    }

    @Override
    protected Rdd<T> apply(Rdd<T> left, Rdd<T> right, Time time) {
        return new UnionRdd<>(List.of(left, right));
    }

    /** In a group: each element on its own: a member's part of the batch in, its part out. */
    @Override
    public GroupPart groupPart() {
        return GroupPart.PER_PART;
    }
}
