package dev.sluice.runtime.internal.operators.keyed;

import dev.sluice.api.Pair;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.CoGroupedRdd;
import dev.sluice.runtime.internal.exec.Joins;
import dev.sluice.runtime.internal.exec.PipelinedRdd;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.graph.DStreamNode;
import dev.sluice.runtime.internal.operators.TwoParentNode;

/**
 * {@code join}, {@code leftOuterJoin}, {@code rightOuterJoin} and {@code fullOuterJoin} of two
 * streams' batches of the same time: each key's values cogrouped, then paired up by the join.
 */
public final class JoinNode<K, V, W, R> extends TwoParentNode<Pair<K, V>, Pair<K, W>, Pair<K, R>> {

    private final Joins.Join<V, W, R> join;
    private final int numTasks;
    private final ExchangedKeys exchange = new ExchangedKeys(this);

    public JoinNode(DStreamNode<Pair<K, V>> left, DStreamNode<Pair<K, W>> right, String operator,
                    Joins.Join<V, W, R> join, int numTasks) {
        super(left, right, operator);
        this.join = join;
        this.numTasks = numTasks;
    }

    @Override
    protected Rdd<Pair<K, R>> apply(Rdd<Pair<K, V>> left, Rdd<Pair<K, W>> right, Time time) {
        var cogrouped = new CoGroupedRdd<>(left, right, numTasks);
        return new PipelinedRdd<>(exchange.step(time).map(cogrouped::exchangedThrough).orElse(cogrouped), join.stage());
    }

    /** In a group: both sides' values of a key meet through the group's key exchange, in one step. */
    @Override
    public GroupPart groupPart() {
        return GroupPart.BY_KEY;
    }
}
