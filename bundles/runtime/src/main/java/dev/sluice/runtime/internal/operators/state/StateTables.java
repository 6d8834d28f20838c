package dev.sluice.runtime.internal.operators.state;

import java.util.List;
import java.util.function.Predicate;
import dev.sluice.api.Pair;
import dev.sluice.api.Partitioner;

/** mapWithState's state: one {@link TouchTable} per partition, each key where the partitioner puts it. */
final class StateTables<K, S> {

    private final TouchTable<K, S>[] tables;

    /**
     * Tables with each key where {@code partitioner} puts it, starting from {@code initial} touched at
     * {@code time}; tracking which keys time out if {@code timeouts} (a spec with a timeout).
     */
    @SuppressWarnings("unchecked")
    StateTables(Partitioner partitioner, List<Pair<K, S>> initial, long time, boolean timeouts) {
        tables = new TouchTable[partitioner.numPartitions()];
        for (int r = 0; r < tables.length; r++) {
            tables[r] = new TouchTable<>(timeouts);
        }
        for (Pair<K, S> p : initial) {
            tables[partitioner.partition(p.key())].touch(p.key(), p.value(), time);
        }
    }

    /** Tables from records written as key, state, touched, table by table (the number of partitions may differ). */
    @SuppressWarnings("unchecked")
    static <K, S> StateTables<K, S> restore(Partitioner partitioner, List<Object> records, boolean timeouts) {
        var restored = new StateTables<K, S>(partitioner, List.of(), 0, timeouts);
        for (int i = 0; i + 2 < records.size(); i += 3) {
            K key = (K) records.get(i);
            restored.tables[partitioner.partition(key)].touch(key, (S) records.get(i + 1), (Long) records.get(i + 2));
        }
        return restored;
    }

    /**
     * In a stream a group shares: partition {@code r} without the keys {@code keeps} refuses, with the
     * keys {@code restored} ({key, state, touched} each) set as restored.
     */
    @SuppressWarnings("unchecked")
    void align(int r, Predicate<Object> keeps, List<Object[]> restored) {
        TouchTable<K, S> table = tables[r];
        var dropped = new SlotList();
        table.forEachSlot(i -> {
            if (!keeps.test(table.keyAt(i))) {
                dropped.add(i);
            }
        });
        for (int j = 0; j < dropped.size(); j++) {
            table.drop(dropped.at(j));
        }
        for (Object[] e : restored) {
            table.touch((K) e[0], (S) e[1], (Long) e[2]);
        }
    }

    TouchTable<K, S> table(int r) {
        return tables[r];
    }

    int numPartitions() {
        return tables.length;
    }
}
