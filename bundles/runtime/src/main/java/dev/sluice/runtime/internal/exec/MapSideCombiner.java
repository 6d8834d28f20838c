package dev.sluice.runtime.internal.exec;

import dev.sluice.api.HashPartitioning;
import dev.sluice.api.Pair;
import dev.sluice.api.Partitioner;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One map task of a shuffle: folds the task's pairs into one {@link CombinerTable} per output
 * partition, each made large enough for {@code expectedKeys} at once (what an earlier task of the
 * stage needed), so it does not grow as it fills. With the hash partitioner over a power of two
 * of partitions the partition is the hash's low bits, the same as its modulo without the division
 * per pair.
 */
public final class MapSideCombiner<K, V, C> implements Consumer<Pair<K, V>> {

    private final Aggregator<V, C> aggregator;
    private final Partitioner partitioner;
    /** {@code numPartitions - 1} when the partition is the spread hash's low bits; -1 otherwise. */
    private final int mask;
    private final Map<K, C>[] tables;

    @SuppressWarnings("unchecked")
    public MapSideCombiner(Aggregator<V, C> aggregator, Partitioner partitioner, int expectedKeys) {
        this.aggregator = aggregator;
        this.partitioner = partitioner;
        int n = partitioner.numPartitions();
        this.mask = partitioner instanceof HashPartitioning && Integer.bitCount(n) == 1 ? n - 1 : -1;
        this.tables = new Map[n];
        for (int r = 0; r < n; r++) {
            tables[r] = new CombinerTable<>(expectedKeys);
        }
    }

    @Override
    public void accept(Pair<K, V> pair) {
        K key = pair.key();
        aggregator.add(tables[partition(key)], key, pair.value());
    }

    private int partition(K key) {
        if (mask < 0 || key == null) {
            return partitioner.partition(key);
        }
        int h = key.hashCode();
        return (h ^ h >>> 16) & mask;
    }

    /** The most keys one of the tables holds. */
    public int largestTable() {
        int largest = 0;
        for (Map<K, C> table : tables) {
            largest = Math.max(largest, table.size());
        }
        return largest;
    }

    /** The combiners, one table per output partition. */
    public Map<K, C>[] tables() {
        return tables;
    }
}
