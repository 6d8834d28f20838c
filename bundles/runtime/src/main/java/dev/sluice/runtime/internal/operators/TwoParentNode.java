package dev.sluice.runtime.internal.operators;

import dev.sluice.api.InvalidGraphException;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.graph.DStreamNode;
import java.util.List;

/** An operator over two streams, batch by batch: union, join, cogroup, transformWith. */
public abstract class TwoParentNode<A, B, R> extends DStreamNode<R> {

    private DStreamNode<A> left;
    private DStreamNode<B> right;

    protected TwoParentNode(DStreamNode<A> left, DStreamNode<B> right, String operator) {
        super(left.graph(), operator);
        if (!left.slideDuration().equals(right.slideDuration())) {
            throw new InvalidGraphException(operator + " needs streams with the same slide duration, but " + left
                    + " slides every " + left.slideDuration().toMillis() + " ms and " + right + " every "
                    + right.slideDuration().toMillis() + " ms");
        }
        this.left = left;
        this.right = right;
    }

    /**
     * Reads its parent {@code side} through {@code through}, a stream made from that parent alone;
     * before the graph starts. Returns {@code through}.
     */
    @SuppressWarnings("unchecked")
    public final <N extends DStreamNode<?>> N readThrough(DStreamNode<?> side, N through) {
        graph().checkNotStarted("change what a stream reads");
        if (!through.dependencies().equals(List.of(side)) || (side != left && side != right)) {
            throw new IllegalArgumentException(this + " reads " + dependencies() + ", not " + side + " alone through "
                    + through);
        }
        // kept as long as what was asked of the parent it stands in for (a window reading this one)
        through.remember(side.rememberDuration());
        if (side == left) {
            left = (DStreamNode<A>) through;
        } else {
            right = (DStreamNode<B>) through;
        }
        return through;
    }

    @Override
    public final List<DStreamNode<?>> dependencies() {
        return List.of(left, right);
    }

    @Override
    protected final Rdd<R> compute(Time time) {
        Rdd<A> a = left.getOrCompute(time);
        if (a == null) {
            return null;
        }
        Rdd<B> b = right.getOrCompute(time);
        return b == null ? null : apply(a, b, time);
    }

    /** This operator's work on the two streams' batches of {@code time}. */
    protected abstract Rdd<R> apply(Rdd<A> left, Rdd<B> right, Time time);
}
