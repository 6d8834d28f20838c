package dev.sluice.runtime.internal.operators.keyed;

import dev.sluice.api.Pair;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.Aggregator;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.exec.ShuffledRdd;
import dev.sluice.runtime.internal.graph.DStreamNode;
import dev.sluice.runtime.internal.operators.OneParentNode;

/**
 * {@code reduceByKey}, {@code groupByKey} and {@code combineByKey}: each batch's values combined
 * per key into {@code numTasks} hash partitions, combined map-side first.
 */
public final class ShuffleNode<K, V, C> extends OneParentNode<Pair<K, V>, Pair<K, C>> {

    private final Aggregator<V, C> aggregator;
    private final int numTasks;

    public ShuffleNode(DStreamNode<Pair<K, V>> parent, String operator, Aggregator<V, C> aggregator, int numTasks) {
        super(parent, operator);
        this.aggregator = aggregator;
        this.numTasks = numTasks;
    }

    @Override
    protected Rdd<Pair<K, C>> apply(Rdd<Pair<K, V>> batch, Time time) {
        return new ShuffledRdd<>(batch, aggregator, numTasks);
    }
}
