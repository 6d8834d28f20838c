package dev.sluice.runtime.internal.operators.state;

import java.util.List;
import dev.sluice.api.Pair;
import dev.sluice.api.Partitioner;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.exec.WorkerPool;

/**
 * One batch's records dealt to mapWithState's partitions, each partition's share in the batch's
 * order (parent partition 0's records, then 1's, and so on). A record whose key already has state
 * is kept as that key's slot and its value: the key and pair the batch made for it (a word split
 * from a line) die as soon as they are dealt, instead of living until their partition's turn, when
 * a young collection would have to copy every one of them. A key with no state yet is kept as it came.
 */
final class DealtRecords<K, V, S> {

    /** What the mapping pass is handed per record: the key, its slot when it has one, the value. */
    @FunctionalInterface
    interface Visitor<K, V, S> {
        void record(K key, TouchTable.Slot<K, S> slot, V value);
    }

    /** One map task's records for one partition: a slot or a key, and the value, in pairs. */
    private static final class Share {
        private Object[] items = new Object[32];
        private int size;

        void add(Object keyOrSlot, Object value) {
            if (size + 2 > items.length) {
                items = java.util.Arrays.copyOf(items, items.length * 2);
            }
            items[size] = keyOrSlot;
            items[size + 1] = value;
            size += 2;
        }
    }

    private final List<Share[]> shares;

    private DealtRecords(List<Share[]> shares) {
        this.shares = shares;
    }

    /**
     * Deals {@code batch} to the partitions of {@code state} as {@code partitioner} puts their keys,
     * the map tasks in parallel. Only reads the tables: no batch may be changing them meanwhile.
     */
    static <K, V, S> DealtRecords<K, V, S> deal(Rdd<? extends Pair<K, V>> batch, StateTables<K, S> state,
                                                 Partitioner partitioner, WorkerPool pool) {
        for (int r = 0; r < state.numPartitions(); r++) {
            state.table(r).checkNotChanging();
        }
        List<Share[]> shares = Dealing.<Share, K, V>run(batch, partitioner, pool, Share[]::new, Share::new,
                (mine, r, key, value) -> {
                    TouchTable.Slot<K, S> slot = state.table(r).get(key);
                    mine[r].add(slot != null ? slot : key, value);
                });
        return new DealtRecords<>(shares);
    }

    /**
     * Hands {@code visit} partition {@code r}'s records in order, each with its key's slot in
     * {@code table} as it is now: a slot dealt earlier may have been removed by an earlier record since,
     * and a key dealt without one may have got one.
     */
    @SuppressWarnings("unchecked")
    void forEach(int r, TouchTable<K, S> table, Visitor<K, V, S> visit) {
        for (Share[] task : shares) {
            Share share = task[r];
            Object[] items = share.items;
            for (int i = 0; i < share.size; i += 2) {
                Object dealt = items[i];
                V value = (V) items[i + 1];
                if (dealt instanceof TouchTable.Slot<?, ?> s && !s.removed()) {
                    var slot = (TouchTable.Slot<K, S>) s;
                    visit.record(slot.key, slot, value);
                } else {
                    K key = dealt instanceof TouchTable.Slot<?, ?> s ? (K) s.key : (K) dealt;
                    visit.record(key, table.get(key), value);
                }
            }
            task[r] = null; // handed over: the partition's records go as it runs
        }
    }
}
