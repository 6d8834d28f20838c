package dev.sluice.runtime.internal.operators.state;

import dev.sluice.runtime.internal.exec.Rdd;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import dev.sluice.api.Pair;
import dev.sluice.api.Partitioner;

/** Keyed tables read back from a checkpoint: the state or window a stream goes on from after a restart. */
public final class RestoredTablesRdd<K, V> extends KeyedTablesRdd<K, V> {

    private List<Map<K, V>> tables;

    public RestoredTablesRdd(Iterable<Pair<K, V>> pairs, int numPartitions) {
        this(pairs, Partitioner.hash(numPartitions));
    }

    /** The tables partitioned by {@code partitioner}, as the operator that wrote them partitions its keys. */
    public RestoredTablesRdd(Iterable<Pair<K, V>> pairs, Partitioner partitioner) {
        super(partitioner.numPartitions());
        tables = new ArrayList<>(partitioner.numPartitions());
        // sized for their share of the keys: a million keys would otherwise rehash each table a dozen times
        int expected = pairs instanceof Collection<?> all ? all.size() / partitioner.numPartitions() : 0;
        for (int r = 0; r < partitioner.numPartitions(); r++) {
            tables.add(new HashMap<>((int) (expected / 0.75f) + 1));
        }
        for (Pair<K, V> p : pairs) {
            tables.get(partitioner.partition(p.key())).put(p.key(), p.value());
        }
    }

    @Override
    protected Map<K, V> build(int r) {
        return tables.get(r);
    }

    @Override
    protected List<Rdd<?>> inputs() {
        return List.of();
    }

    @Override
    protected void releaseInputs() {
        tables = null;
    }

    @Override
    protected Map<K, V> fallback(int r) {
        return new HashMap<>();
    }
}
