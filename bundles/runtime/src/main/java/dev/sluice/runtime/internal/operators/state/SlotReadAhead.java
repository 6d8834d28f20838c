package dev.sluice.runtime.internal.operators.state;

import static dev.sluice.runtime.internal.operators.state.SlotKinds.DEAD;

/**
 * Reads a {@link StateTable}'s slots for the next few records before they are looked up or changed:
 * over a large table each read is a cache miss, and misses that do not wait on each other overlap,
 * rather than each stalling its record in turn. Each answers what it read, for the caller to keep so
 * that the reads are not left out.
 */
final class SlotReadAhead {

    private SlotReadAhead() {
    }

    /**
     * What {@link StateTable#indexOf} reads for each of {@code batchKeys[from..to)}, one step over all of
     * them before the next (the slots' first words, then the keys whose hashes match, then a String
     * key's bytes); for a table that does not {@link StateTable#packsKeys pack keys}.
     */
    static long batchKeys(StateTable<?, ?> table, Object[] batchKeys, int from, int to) {
        Object[] keys = table.keys;
        long[] words = table.words;
        int stride = table.stride;
        int mask = keys.length - 1;
        long read = 0;
        for (int j = from; j < to; j++) {
            read += words[(StateTable.hash(batchKeys[j] == null ? StateTable.NULL_KEY : batchKeys[j]) & mask) * stride];
        }
        for (int j = from; j < to; j++) {
            int h = StateTable.hash(batchKeys[j] == null ? StateTable.NULL_KEY : batchKeys[j]);
            int i = h & mask;
            long meta = words[i * stride];
            if ((int) meta == h && meta >>> 32 != DEAD && keys[i] instanceof String k) {
                read += k.length();
            }
        }
        return read;
    }

    /** What {@link StateTable#indexOfPacked} reads first for a key with hash {@code h}, and its key reference (not the key). */
    static long packedKey(StateTable<?, ?> table, int h) {
        int at = h & table.keys.length - 1;
        long[] words = table.words;
        return words[at * table.stride] + words[at * table.stride + table.stride - 1] + (table.keys[at] == null ? 0 : 1);
    }

    /** The first and last of slot {@code i}'s words that a change of its state writes: a slot may end on the next cache line. */
    static long slot(StateTable<?, ?> table, int i) {
        return table.words[i * table.stride] + table.words[i * table.stride + table.keyWord - 1];
    }
}
