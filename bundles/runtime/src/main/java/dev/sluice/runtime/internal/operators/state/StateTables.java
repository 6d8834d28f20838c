package dev.sluice.runtime.internal.operators.state;

import java.util.LinkedHashMap;
import java.util.List;
import dev.sluice.api.Pair;
import dev.sluice.api.Partitioner;

/**
 * mapWithState's state: one table per partition, each in the order its keys were last touched,
 * so the keys that timed out are always at the front.
 */
final class StateTables<K, S> {

    /** A key's state and the batch time it last got data. */
    record Entry<S>(S state, long touched) {
    }

    private final LinkedHashMap<K, Entry<S>>[] tables;

    /** Tables with each key where {@code partitioner} puts it, starting from {@code initial}. */
    @SuppressWarnings("unchecked")
    StateTables(Partitioner partitioner, List<Pair<K, S>> initial, long time) {
        tables = new LinkedHashMap[partitioner.numPartitions()];
        for (int r = 0; r < tables.length; r++) {
            tables[r] = new LinkedHashMap<>();
        }
        for (Pair<K, S> p : initial) {
            tables[partitioner.partition(p.key())].put(p.key(), new Entry<>(p.value(), time));
        }
    }

    /**
     * Tables from records written as key, state, touched, table by table: sorted by touch
     * time, so each table is in touch order even when the number of partitions changed.
     */
    @SuppressWarnings("unchecked")
    static <K, S> StateTables<K, S> restore(Partitioner partitioner, List<Object> records) {
        var entries = new java.util.ArrayList<Object[]>(records.size() / 3);
        for (int i = 0; i + 2 < records.size(); i += 3) {
            entries.add(new Object[] {records.get(i), records.get(i + 1), records.get(i + 2)});
        }
        entries.sort(java.util.Comparator.comparingLong(e -> (Long) e[2]));
        var restored = new StateTables<K, S>(partitioner, List.of(), 0);
        for (Object[] e : entries) {
            K key = (K) e[0];
            restored.tables[partitioner.partition(key)].put(key, new Entry<>((S) e[1], (Long) e[2]));
        }
        return restored;
    }

    LinkedHashMap<K, Entry<S>> table(int r) {
        return tables[r];
    }

    int numPartitions() {
        return tables.length;
    }

    /** Sets a key's state, moving it to the back of its table: it is now the most recently touched. */
    static <K, S> void touch(LinkedHashMap<K, Entry<S>> table, K key, Entry<S> entry) {
        table.remove(key);
        table.put(key, entry);
    }
}
