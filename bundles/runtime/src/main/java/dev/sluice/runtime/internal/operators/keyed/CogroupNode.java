package dev.sluice.runtime.internal.operators.keyed;

import dev.sluice.api.Pair;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.CoGroupedRdd;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.graph.DStreamNode;
import dev.sluice.runtime.internal.operators.TwoParentNode;
import java.util.List;

/** {@code cogroup}: each key of two streams' batches with its values on each side. */
public final class CogroupNode<K, V, W> extends TwoParentNode<Pair<K, V>, Pair<K, W>, Pair<K, Pair<List<V>, List<W>>>> {

    private final int numTasks;
    private final ExchangedKeys exchange = new ExchangedKeys(this);

    public CogroupNode(DStreamNode<Pair<K, V>> left, DStreamNode<Pair<K, W>> right, int numTasks) {
        super(left, right, "cogroup");
        this.numTasks = numTasks;
    }

    @Override
    protected Rdd<Pair<K, Pair<List<V>, List<W>>>> apply(Rdd<Pair<K, V>> left, Rdd<Pair<K, W>> right, Time time) {
        var cogrouped = new CoGroupedRdd<>(left, right, numTasks);
        return exchange.step(time).map(cogrouped::exchangedThrough).orElse(cogrouped);
    }

    /** In a group: both sides' values of a key meet through the group's key exchange, in one step. */
    @Override
    public GroupPart groupPart() {
        return GroupPart.BY_KEY;
    }
}
