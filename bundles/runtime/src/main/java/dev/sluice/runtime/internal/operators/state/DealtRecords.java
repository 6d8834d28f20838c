package dev.sluice.runtime.internal.operators.state;

import java.util.List;
import dev.sluice.api.Pair;
import dev.sluice.api.Partitioner;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.exec.WorkerPool;

/**
 * One batch's records dealt to mapWithState's partitions, each partition's share in the batch's order
 * (parent partition 0's records, then 1's, and so on), each record's key kept packed to be found in
 * the partition's {@link TouchTable} by the mapping pass, or, for a key that does not pack, resolved to
 * its slot as it is dealt ({@link DealtSlots}): either way each record's slot is looked up once.
 */
final class DealtRecords<K, V, S> {

    /** What the mapping pass is handed per record: its key, and its slot or -1 to look the key up. */
    @FunctionalInterface
    interface Visitor<K, V> {
        /**
         * @param slot the key's slot in the table now (its key there, maybe marked removed), or -1
         * @param key the key: the table's instance when {@code slot} is not -1
         */
        void record(int slot, K key, V value);
    }

    /** How many records' slots are read ahead of the mapping pass at a time: a power of two. */
    private static final int AHEAD = 8;

    private final List<DealtSlots[]> shares;
    /** What the reads ahead read, kept so that the compiler keeps them. */
    @SuppressWarnings("unused")
    private long readAhead;
    /** Per partition, the table's keys as the slots were dealt: a key moved by a rehash since is found again. */
    private final Object[][] dealtKeys;

    private DealtRecords(List<DealtSlots[]> shares, Object[][] dealtKeys) {
        this.shares = shares;
        this.dealtKeys = dealtKeys;
    }

    /**
     * Deals {@code batch} to the partitions of {@code state} as {@code partitioner} puts their keys,
     * the map tasks in parallel. Only reads the tables: no batch may be changing them meanwhile.
     */
    static <K, V, S> DealtRecords<K, V, S> deal(Rdd<? extends Pair<K, V>> batch, StateTables<K, S> state,
                                                 Partitioner partitioner, WorkerPool pool) {
        var tables = new TouchTable<?, ?>[state.numPartitions()];
        var keys = new Object[tables.length][];
        for (int r = 0; r < tables.length; r++) {
            state.table(r).checkNotChanging();
            tables[r] = state.table(r);
            keys[r] = state.table(r).slotKeys();
        }
        @SuppressWarnings("unchecked")
        var typed = (StateTable<K, ?>[]) tables;
        return new DealtRecords<>(DealtSlots.deal(batch, typed, partitioner, pool), keys);
    }

    /** At most how many keys partition {@code r} gains from the batch: what its table must make room for. */
    int newKeys(int r) {
        int n = 0;
        for (DealtSlots[] task : shares) {
            n += task[r].unresolved();
        }
        return n;
    }

    /** How many records partition {@code r} was dealt. */
    int records(int r) {
        int n = 0;
        for (DealtSlots[] task : shares) {
            n += task[r].size();
        }
        return n;
    }

    /**
     * Hands {@code visit} partition {@code r}'s records in order, each with its key's slot in {@code table}
     * now, the dealt shares let go: a packed key is found here, and the table's instance of it handed on
     * (an equal String made anew for a key it does not hold); a slot dealt before a rehash (the deal's,
     * or one of a new key of the batch's) no longer holds, and its key is found again.
     */
    @SuppressWarnings("unchecked")
    void forEach(int r, TouchTable<K, S> table, Visitor<K, V> visit) {
        long read = 0;
        for (DealtSlots[] task : shares) {
            DealtSlots share = task[r];
            task[r] = null; // handed over: the partition's records go as it runs
            for (int j = 0; j < share.size(); j++) {
                boolean moved = table.slotKeys() != dealtKeys[r];
                if ((j & AHEAD - 1) == 0) {
                    read ^= readAhead(share, j + AHEAD, table, moved);
                }
                V value = (V) share.value(j);
                if (share.packed(j)) {
                    long low = share.low(j);
                    long high = share.high(j);
                    int slot = table.indexOfPacked(share.hash(j), low, high);
                    visit.record(slot, slot >= 0 ? table.keyAt(slot) : (K) PackedKey.key(low, high), value);
                } else {
                    visit.record(moved ? -1 : share.slot(j), (K) share.key(j), value);
                }
            }
            share.empty();
        }
        readAhead = read;
    }

    /**
     * Reads the slots of the {@link #AHEAD} records from {@code from} one after the other, so that their
     * cache misses overlap, rather than each stalling the function's call for its record in turn.
     */
    private static long readAhead(DealtSlots share, int from, TouchTable<?, ?> table, boolean moved) {
        long read = 0;
        for (int j = from, end = Math.min(share.size(), from + AHEAD); j < end; j++) {
            if (share.packed(j)) {
                read ^= SlotReadAhead.packedKey(table, share.hash(j));
            } else if (!moved && share.slot(j) >= 0) {
                read ^= SlotReadAhead.slot(table, share.slot(j));
            }
        }
        return read;
    }
}
