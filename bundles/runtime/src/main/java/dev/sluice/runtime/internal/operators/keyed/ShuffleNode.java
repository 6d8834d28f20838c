package dev.sluice.runtime.internal.operators.keyed;

import dev.sluice.api.Pair;
import dev.sluice.api.Partitioner;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.Aggregator;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.exec.ShuffledRdd;
import dev.sluice.runtime.internal.graph.DStreamNode;
import dev.sluice.runtime.internal.operators.OneParentNode;

/**
 * {@code reduceByKey}, {@code groupByKey} and {@code combineByKey}: each batch's values combined
 * per key into {@code numTasks} hash partitions or where a partitioner puts them, combined map-side first.
 */
public final class ShuffleNode<K, V, C> extends OneParentNode<Pair<K, V>, Pair<K, C>> {

    private final Aggregator<V, C> aggregator;
    private final int numTasks;
    /** Where keys go when the user gave a partitioner; else hashed into numTasks partitions. */
    private final Partitioner partitioner;
    private final ExchangedKeys exchange = new ExchangedKeys(this);

    public ShuffleNode(DStreamNode<Pair<K, V>> parent, String operator, Aggregator<V, C> aggregator, int numTasks) {
        super(parent, operator);
        this.aggregator = aggregator;
        this.numTasks = numTasks;
        this.partitioner = null;
    }

    public ShuffleNode(DStreamNode<Pair<K, V>> parent, String operator, Aggregator<V, C> aggregator,
                       Partitioner partitioner) {
        super(parent, operator);
        this.aggregator = aggregator;
        this.numTasks = partitioner.numPartitions();
        this.partitioner = partitioner;
    }

    @Override
    protected Rdd<Pair<K, C>> apply(Rdd<Pair<K, V>> batch, Time time) {
        ShuffledRdd<K, V, C> shuffled = partitioner == null ? new ShuffledRdd<>(batch, aggregator, numTasks)
                : new ShuffledRdd<>(batch, aggregator, partitioner);
        return exchange.step(time).map(shuffled::exchangedThrough).orElse(shuffled);
    }

    /** In a group: a key's values from every member meet through the group's key exchange. */
    @Override
    public GroupPart groupPart() {
        return GroupPart.BY_KEY;
    }
}
