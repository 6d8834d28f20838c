package dev.sluice.runtime.internal.operators.state;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import dev.sluice.api.Pair;
import dev.sluice.api.Partitioner;

/** mapWithState's state: one {@link TouchTable} per partition, each key where the partitioner puts it. */
final class StateTables<K, S> {

    private final TouchTable<K, S>[] tables;

    /**
     * Tables with each key where {@code partitioner} puts it, starting from {@code initial}; in touch
     * order if {@code ordered} (a spec with a timeout).
     */
    @SuppressWarnings("unchecked")
    StateTables(Partitioner partitioner, List<Pair<K, S>> initial, long time, boolean ordered) {
        tables = new TouchTable[partitioner.numPartitions()];
        for (int r = 0; r < tables.length; r++) {
            tables[r] = new TouchTable<>(ordered);
        }
        for (Pair<K, S> p : initial) {
            tables[partitioner.partition(p.key())].touch(p.key(), p.value(), time);
        }
    }

    /**
     * Tables from records written as key, state, touched, table by table. Ordered tables are
     * restored sorted by touch time, so each is in touch order even when the number of partitions
     * changed; unordered ones need no sort.
     */
    @SuppressWarnings("unchecked")
    static <K, S> StateTables<K, S> restore(Partitioner partitioner, List<Object> records, boolean ordered) {
        var entries = new ArrayList<Object[]>(records.size() / 3);
        for (int i = 0; i + 2 < records.size(); i += 3) {
            entries.add(new Object[] {records.get(i), records.get(i + 1), records.get(i + 2)});
        }
        if (ordered) {
            entries.sort(Comparator.comparingLong(e -> (Long) e[2]));
        }
        var restored = new StateTables<K, S>(partitioner, List.of(), 0, ordered);
        for (Object[] e : entries) {
            K key = (K) e[0];
            restored.tables[partitioner.partition(key)].touch(key, (S) e[1], (Long) e[2]);
        }
        return restored;
    }

    /**
     * In a stream a group shares: partition {@code r} without the keys {@code keeps} refuses, with the
     * keys {@code restored} ({key, state, touched} each) added in their place in touch order, so that
     * the keys timing out are still at the front.
     */
    @SuppressWarnings("unchecked")
    void align(int r, Predicate<Object> keeps, List<Object[]> restored) {
        TouchTable<K, S> table = tables[r];
        var dropped = new ArrayList<K>();
        table.forEach(slot -> {
            if (!keeps.test(slot.key)) {
                dropped.add(slot.key);
            }
        });
        dropped.forEach(table::remove);
        if (restored.isEmpty()) {
            return;
        }
        var entries = new ArrayList<Object[]>(table.size() + restored.size());
        table.forEach(slot -> entries.add(new Object[] {slot.key, slot.state(), slot.touched}));
        entries.addAll(restored);
        if (table.ordered()) {
            entries.sort(Comparator.comparingLong(e -> (Long) e[2]));
        }
        var rebuilt = new TouchTable<K, S>(table.ordered());
        for (Object[] e : entries) {
            rebuilt.touch((K) e[0], (S) e[1], (Long) e[2]);
        }
        tables[r] = rebuilt;
    }

    TouchTable<K, S> table(int r) {
        return tables[r];
    }

    int numPartitions() {
        return tables.length;
    }
}
