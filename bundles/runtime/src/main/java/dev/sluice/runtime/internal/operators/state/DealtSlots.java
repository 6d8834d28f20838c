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
 *
 * <p>The records are kept in chunks ({@link DealtChunk}) that the partition's next batch deals into again
 * ({@link SpareChunks}); a value that every record carries (a count's 1) is kept once.
 */
final class DealtSlots {

    /** How many records' slots are looked for together: divides {@link DealtChunk#SIZE}. */
    private static final int RESOLVE_TOGETHER = 8;

    private final StateTable<?, ?> table;
    private final boolean packs;
    private DealtChunk[] chunks = new DealtChunk[4];
    private int chunkCount;
    /** Every record's value while not {@link #varied}: a count's records all carry the one same instance. */
    private Object sameValue;
    private boolean varied;
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
                (r, tasks) -> new DealtSlots(tables[r]), (mine, r, key, value) -> mine[r].add(key, value),
                DealtSlots::resolve);
        for (int r = 0; r < tables.length; r++) {
            int records = 0;
            for (DealtSlots[] task : shares) {
                records += task[r].size;
            }
            tables[r].spareChunks.lastDealt = records;
        }
        return shares;
    }

    DealtSlots(StateTable<?, ?> table) {
        this.table = table;
        this.packs = table.packsKeys();
    }

    /** A record, its slot found with the next few records' ({@link #resolve}), or its key packed. */
    void add(Object key, Object value) {
        if (!packs) {
            add(-1, key, value, 0, 0);
            if (size - resolved == RESOLVE_TOGETHER) {
                resolve();
            }
            return;
        }
        if (packedKey.of(key).high != 0) {
            add(StateTable.hash(key), null, value, packedKey.low, packedKey.high);
        } else { // a key too long to pack, or not a String: found now, one at a time
            int slot = table.indexOf(key);
            add(slot, slot >= 0 ? table.keyAt(slot) : key, value, 0, 0);
        }
        resolved = size;
    }

    /**
     * Finds the slots of the records added since the last call, reading ahead for all of them first
     * ({@link SlotReadAhead#batchKeys}): the cache misses of a probe over a large table then overlap
     * across the records rather than come one after the other.
     */
    private void resolve() {
        while (resolved < size) {
            DealtChunk chunk = chunks[resolved >>> DealtChunk.SHIFT];
            int from = resolved & DealtChunk.MASK;
            int to = Math.min(DealtChunk.SIZE, from + size - resolved);
            read ^= SlotReadAhead.batchKeys(table, chunk.keys, from, to);
            for (int o = from; o < to; o++) {
                int slot = table.indexOf(chunk.keys[o]);
                chunk.slots[o] = slot;
                if (slot >= 0) {
                    chunk.keys[o] = table.keyAt(slot);
                }
            }
            resolved += to - from;
        }
    }

    /** A record; {@code high} 0 for a key not packed, which is then kept as {@code key}. */
    private void add(int slot, Object key, Object value, long low, long high) {
        int o = size & DealtChunk.MASK;
        DealtChunk chunk = o == 0 ? nextChunk() : chunks[chunkCount - 1];
        chunk.slots[o] = slot;
        if (packs) {
            chunk.lows[o] = low;
            chunk.highs[o] = high;
        }
        if (high == 0) {
            chunk.key(o, key);
        }
        if (varied) {
            chunk.values[o] = value;
        } else if (size == 0) {
            sameValue = value;
        } else if (value != sameValue) {
            vary();
            chunk.values[o] = value;
        }
        size++;
    }

    /** A chunk for the records from {@link #size} on: a spare one of the partition's, or a new one. */
    private DealtChunk nextChunk() {
        if (chunkCount == chunks.length) {
            chunks = Arrays.copyOf(chunks, chunkCount * 2);
        }
        DealtChunk chunk = table.spareChunks.take();
        if (chunk == null) {
            chunk = new DealtChunk(packs);
        }
        if (varied) {
            chunk.values();
        }
        chunks[chunkCount++] = chunk;
        return chunk;
    }

    /** The records so far all had {@link #sameValue}, the next one another: each record's value is kept from now on. */
    private void vary() {
        for (int c = 0; c < chunkCount; c++) {
            Arrays.fill(chunks[c].values(), 0, used(c), sameValue);
        }
        varied = true;
    }

    /** How many of the records are in chunk {@code c}. */
    private int used(int c) {
        return Math.min(DealtChunk.SIZE, size - (c << DealtChunk.SHIFT));
    }

    /**
     * Lets go of the records' keys and values and gives the chunks back for the next batch's deal
     * ({@link SpareChunks}): its pass has read them.
     */
    void empty() {
        for (int c = 0; c < chunkCount; c++) {
            DealtChunk chunk = chunks[c];
            if (chunk.keys != null) {
                Arrays.fill(chunk.keys, 0, used(c), null);
            }
            if (varied) {
                Arrays.fill(chunk.values, 0, used(c), null);
            }
            chunks[c] = null;
            table.spareChunks.give(chunk);
        }
        chunkCount = 0;
        sameValue = null;
        varied = false;
        size = 0;
        resolved = 0;
    }

    int size() {
        return size;
    }

    /** Record {@code j}'s slot as dealt, or -1 when its key had none; not for a {@link #packed} one. */
    int slot(int j) {
        return chunks[j >>> DealtChunk.SHIFT].slots[j & DealtChunk.MASK];
    }

    /** Record {@code j}'s key: the table's instance when it had a slot; not for a {@link #packed} one. */
    Object key(int j) {
        return chunks[j >>> DealtChunk.SHIFT].keys[j & DealtChunk.MASK];
    }

    /** Whether record {@code j}'s key was kept packed, not looked up: its {@link #hash}, {@link #low} and {@link #high}. */
    boolean packed(int j) {
        return packs && chunks[j >>> DealtChunk.SHIFT].highs[j & DealtChunk.MASK] != 0;
    }

    /** A {@link #packed} record's {@link StateTable#hash}. */
    int hash(int j) {
        return slot(j);
    }

    long low(int j) {
        return chunks[j >>> DealtChunk.SHIFT].lows[j & DealtChunk.MASK];
    }

    long high(int j) {
        return chunks[j >>> DealtChunk.SHIFT].highs[j & DealtChunk.MASK];
    }

    Object value(int j) {
        return varied ? chunks[j >>> DealtChunk.SHIFT].values[j & DealtChunk.MASK] : sameValue;
    }

    /**
     * How many records had no slot: at most as many keys as the partition gains from the share, but for
     * those of {@link #packed} keys, which a table makes room for as they come.
     */
    int unresolved() {
        int n = 0;
        for (int j = 0; j < size; j++) {
            if (!packed(j) && slot(j) < 0) {
                n++;
            }
        }
        return n;
    }
}
