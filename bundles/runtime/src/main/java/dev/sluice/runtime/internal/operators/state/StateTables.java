package dev.sluice.runtime.internal.operators.state;

import java.util.BitSet;
import java.util.List;
import java.util.function.Predicate;
import dev.sluice.api.Pair;
import dev.sluice.api.Partitioner;

/** mapWithState's state: one {@link TouchTable} per partition, each key where the partitioner puts it. */
final class StateTables<K, S> {

    private final TouchTable<K, S>[] tables;
    /**
     * In a stream a group shares, the key partitions whose keys these tables may hold (those owned at
     * the last batch); null when not known, as for a state read from a checkpoint.
     */
    private BitSet held;

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
        held = initial.isEmpty() ? new BitSet() : null;
    }

    /** Tables from records written as key, state, touched, table by table (the number of partitions may differ). */
    @SuppressWarnings("unchecked")
    static <K, S> StateTables<K, S> restore(Partitioner partitioner, List<Object> records, boolean timeouts) {
        var restored = new StateTables<K, S>(partitioner, List.of(), 0, timeouts);
        restored.held = null;
        for (int i = 0; i + 2 < records.size(); i += 3) {
            K key = (K) records.get(i);
            restored.tables[partitioner.partition(key)].touch(key, (S) records.get(i + 1), (Long) records.get(i + 2));
        }
        return restored;
    }

    /**
     * Whether a batch keeping only the key partitions {@code kept} must look for keys to drop: only if
     * these tables may hold keys of others (the group moved key partitions, or one is restored). The
     * look visits every key, which a batch of mapWithState otherwise never does.
     */
    boolean holdsBeyond(BitSet kept) {
        if (held == null) {
            return true;
        }
        var beyond = (BitSet) held.clone();
        beyond.andNot(kept);
        return !beyond.isEmpty();
    }

    /** After a batch's alignment: the tables hold keys of {@code owned} only. */
    void holding(BitSet owned) {
        held = (BitSet) owned.clone();
    }

    /**
     * In a stream a group shares: partition {@code r} without the keys {@code keeps} refuses, with the
     * keys {@code restored} ({key, state, touched} each) set as restored.
     */
    @SuppressWarnings("unchecked")
    void align(int r, Predicate<Object> keeps, List<Object[]> restored, boolean look) {
        TouchTable<K, S> table = tables[r];
        var dropped = new SlotList();
        if (look) {
            table.forEachSlot(i -> {
                if (!keeps.test(table.keyAt(i))) {
                    dropped.add(i);
                }
            });
        }
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
