package dev.sluice.runtime.internal.operators.state;

/**
 * {@link #SIZE} records of a {@link DealtSlots} share, by index within the chunk. A share is made of
 * chunks, so that map tasks of very different sizes take as many as they fill, none copied as it
 * grows, and the next batch deals into the same ones ({@link SpareChunks}).
 */
final class DealtChunk {

    static final int SHIFT = 14;
    static final int SIZE = 1 << SHIFT;
    static final int MASK = SIZE - 1;

    final int[] slots = new int[SIZE];
    /** Packed keys ({@link PackedKey}), when the table packs keys; else null. A high of 0: not packed. */
    final long[] lows;
    final long[] highs;
    /** The keys of the records not packed; null until one comes: a chunk of short words holds no reference per record. */
    Object[] keys;
    /** The values, once the share's records do not all carry the same one; else null or not read. */
    Object[] values;

    DealtChunk(boolean packsKeys) {
        lows = packsKeys ? new long[SIZE] : null;
        highs = packsKeys ? new long[SIZE] : null;
    }

    void key(int o, Object key) {
        if (keys == null) {
            keys = new Object[SIZE];
        }
        keys[o] = key;
    }

    Object[] values() {
        if (values == null) {
            values = new Object[SIZE];
        }
        return values;
    }
}
