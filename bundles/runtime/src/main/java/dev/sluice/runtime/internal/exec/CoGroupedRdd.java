package dev.sluice.runtime.internal.exec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import dev.sluice.api.Pair;

/**
 * cogroup: both sides grouped by key into the same hash partitions, then each partition pairs up
 * the value lists of every key present on either side. Joins are built on it.
 */
public final class CoGroupedRdd<K, V, W> extends Rdd<Pair<K, Pair<List<V>, List<W>>>> {

    private final ShuffledRdd<K, V, List<V>> left;
    private final ShuffledRdd<K, W, List<W>> right;

    public CoGroupedRdd(Rdd<? extends Pair<K, V>> left, Rdd<? extends Pair<K, W>> right, int numPartitions) {
        this.left = new ShuffledRdd<>(left, Aggregator.grouping(), numPartitions);
        this.right = new ShuffledRdd<>(right, Aggregator.grouping(), numPartitions);
    }

    @Override
    public int numPartitions() {
        return left.numPartitions();
    }

    @Override
    public void compute(int p, Consumer<? super Pair<K, Pair<List<V>, List<W>>>> out) {
        Map<K, List<V>> l = left.partition(p);
        Map<K, List<W>> r = right.partition(p);
        var keys = new HashSet<K>(l.keySet());
        keys.addAll(r.keySet());
        for (K k : keys) {
            out.accept(Pair.of(k, Pair.of(l.getOrDefault(k, List.of()), r.getOrDefault(k, List.of()))));
        }
    }

    @Override
    public List<Rdd<?>> parents() {
        return new ArrayList<>(List.of(left, right));
    }
}
