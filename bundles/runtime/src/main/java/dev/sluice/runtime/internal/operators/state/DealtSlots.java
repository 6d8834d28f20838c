package dev.sluice.runtime.internal.operators.state;

import java.util.Arrays;
import java.util.List;
import dev.sluice.api.Pair;
import dev.sluice.api.Partitioner;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.exec.WorkerPool;

/**
 * One map task's records for one state partition, each resolved to its key's slot in the partition's
 * {@link StateTable} as it was dealt: the slot and the table's own key, or -1 and the record's key for
 * a key with no state yet, and the value. A record whose key has a slot keeps the table's instance of
 * it, read while the probe has its slot in cache: the key and pair the batch made for it (a word split
 * from a line) die as soon as they are dealt, and the mapping pass reads no key from the table.
 *
 * <p>In a table that {@linkplain StateTable#packsKeys packs keys}, a key that packs is not looked up
 * here but kept packed ({@link #packed}), with its hash: the mapping pass finds its slot once, where it
 * changes the state, rather than here and again there, and the batch's key object dies here all the same.
 */
final class DealtSlots {

    /** The fewest records a share has room for. */
    private static final int MIN_CAPACITY = 32;
    /** How many records' slots are looked for together. */
    private static final int RESOLVE_TOGETHER = 8;
    /** In {@link #keys}: a record whose key is kept packed, its hash in {@link #slots}. */
    private static final Object PACKED = new Object();

    private final StateTable<?, ?> table;
    private int[] slots;
    private Object[] keys;
    private Object[] values;
    /** Packed keys ({@link PackedKey}) by record, when the table packs keys; else null. */
    private long[] lows;
    private long[] highs;
    private final PackedKey packedKey = new PackedKey();
    private int size;
    /** Records before this one have their slots. */
    private int resolved;
    /** What the reads ahead read, kept so that the compiler keeps them. */
    @SuppressWarnings("unused")
    private long read;

    /**
     * Deals {@code batch} to the partitions of {@code tables} as {@code partitioner} puts their keys, the
     * map tasks in parallel, each task's shares in task order; only reads the tables.
     */
    static <K, V> List<DealtSlots[]> deal(Rdd<? extends Pair<K, V>> batch, StateTable<K, ?>[] tables,
                                          Partitioner partitioner, WorkerPool pool) {
        List<DealtSlots[]> shares = Dealing.<DealtSlots, K, V>run(batch, partitioner, pool, DealtSlots[]::new,
                (r, tasks) -> share(tables[r], tables[r].lastDealt / tasks),
                (mine, r, key, value) -> mine[r].add(key, value), DealtSlots::resolve);
        for (int r = 0; r < tables.length; r++) {
            int records = 0;
            for (DealtSlots[] task : shares) {
                records += task[r].size;
            }
            tables[r].lastDealt = records;
        }
        return shares;
    }

    /**
     * A share with room for {@code expected} records and an eighth more: sized from the last batch, it
     * is not copied as it doubles (a third of what a record allocated). One the last batch's pass let go
     * ({@link #empty}) when it has that room; else one made anew with a quarter more, so that the next
     * batches, their map tasks a little uneven or their rate a little higher, still find it large enough.
     */
    static DealtSlots share(StateTable<?, ?> table, int expected) {
        int capacity = Math.max(MIN_CAPACITY, expected + (expected >>> 3));
        DealtSlots spare = table.spareShares.take(capacity);
        return spare != null ? spare : new DealtSlots(table, Math.max(MIN_CAPACITY, expected + (expected >>> 2)));
    }

    private DealtSlots(StateTable<?, ?> table, int capacity) {
        this.table = table;
        slots = new int[capacity];
        keys = new Object[capacity];
        values = new Object[capacity];
        if (table.packsKeys()) {
            lows = new long[capacity];
            highs = new long[capacity];
        }
    }

    /** A record, its slot found with the next few records' ({@link #resolve}), or its key packed. */
    void add(Object key, Object value) {
        if (lows == null) {
            add(-1, key, value);
            if (size - resolved == RESOLVE_TOGETHER) {
                resolve();
            }
            return;
        }
        if (packedKey.of(key).high != 0) {
            add(StateTable.hash(key), PACKED, value);
            lows[size - 1] = packedKey.low;
            highs[size - 1] = packedKey.high;
        } else { // a key too long to pack, or not a String: found now, one at a time
            int slot = table.indexOf(key);
            add(slot, slot >= 0 ? table.keyAt(slot) : key, value);
        }
        resolved = size;
    }

    /**
     * Finds the slots of the records added since the last call, reading ahead for all of them first
     * ({@link SlotReadAhead#batchKeys}): the cache misses of a probe over a large table then overlap
     * across the records rather than come one after the other.
     */
    private void resolve() {
        read ^= SlotReadAhead.batchKeys(table, keys, resolved, size);
        for (int j = resolved; j < size; j++) {
            int slot = table.indexOf(keys[j]);
            slots[j] = slot;
            if (slot >= 0) {
                keys[j] = table.keyAt(slot);
            }
        }
        resolved = size;
    }

    private void add(int slot, Object key, Object value) {
        if (size == slots.length) {
            slots = Arrays.copyOf(slots, size * 2);
            keys = Arrays.copyOf(keys, size * 2);
            values = Arrays.copyOf(values, size * 2);
            if (lows != null) {
                lows = Arrays.copyOf(lows, size * 2);
                highs = Arrays.copyOf(highs, size * 2);
            }
        }
        slots[size] = slot;
        keys[size] = key;
        values[size] = value;
        size++;
    }

    int size() {
        return size;
    }

    int capacity() {
        return slots.length;
    }

    /**
     * Lets go of the records' keys and values and keeps the share for the next batch's deal
     * ({@link SpareShares}): its pass has read it. A partition's spares have room for at most twice
     * the records of its last batch.
     */
    void empty() {
        Arrays.fill(keys, 0, size, null);
        Arrays.fill(values, 0, size, null);
        size = 0;
        resolved = 0;
        table.spareShares.give(this, 2L * Math.max(MIN_CAPACITY, table.lastDealt));
    }

    /** Record {@code j}'s slot as dealt, or -1 when its key had none; not for a {@link #packed} one. */
    int slot(int j) {
        return slots[j];
    }

    /** Record {@code j}'s key: the table's instance when it had a slot; not for a {@link #packed} one. */
    Object key(int j) {
        return keys[j];
    }

    /** Whether record {@code j}'s key was kept packed, not looked up: its {@link #hash}, {@link #low} and {@link #high}. */
    boolean packed(int j) {
        return keys[j] == PACKED;
    }

    /** A {@link #packed} record's {@link StateTable#hash}. */
    int hash(int j) {
        return slots[j];
    }

    long low(int j) {
        return lows[j];
    }

    long high(int j) {
        return highs[j];
    }

    Object value(int j) {
        return values[j];
    }

    /**
     * How many records had no slot: at most as many keys as the partition gains from the share, but for
     * those of {@link #packed} keys, which a table makes room for as they come.
     */
    int unresolved() {
        int n = 0;
        for (int j = 0; j < size; j++) {
            if (slots[j] < 0 && keys[j] != PACKED) {
                n++;
            }
        }
        return n;
    }
}
