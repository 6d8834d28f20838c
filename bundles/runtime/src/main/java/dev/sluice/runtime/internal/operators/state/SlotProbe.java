package dev.sluice.runtime.internal.operators.state;

import static dev.sluice.runtime.internal.operators.state.SlotKinds.DEAD;

import java.util.Objects;

/**
 * A {@link StateTable}'s lookup: linear probing from the key's hash, comparing the hash in each slot's
 * first word, then a packed key in the slot ({@link PackedKey}), or else the key object. It only reads
 * the table, so map tasks may look keys up together.
 */
final class SlotProbe {

    private SlotProbe() {
    }

    static int hash(Object key) {
        int h = Objects.hashCode(key);
        return h ^ h >>> 16;
    }

    /** The slot of {@code key} in {@code table} (maybe marked removed), or -1. */
    static int indexOf(StateTable<?, ?> table, Object key) {
        Object stored = key == null ? StateTable.NULL_KEY : key;
        if (!table.packed) {
            return find(table, stored, hash(stored), 0, 0);
        }
        var packedKey = new PackedKey().of(stored);
        return find(table, stored, hash(stored), packedKey.low, packedKey.high);
    }

    /**
     * The slot of a key ({@link StateTable#NULL_KEY} for null) with hash {@code h}, packed as {@code low}
     * and {@code high}, or -1; {@code stored} is null for a key found by its packed form alone.
     */
    static int find(StateTable<?, ?> table, Object stored, int h, long low, long high) {
        Object[] keys = table.keys;
        long[] words = table.words;
        int stride = table.stride;
        int mask = keys.length - 1;
        for (int i = h & mask; ; i = i + 1 & mask) {
            long meta = words[i * stride];
            if (meta == 0) {
                return -1;
            }
            if ((int) meta == h && meta >>> 32 != DEAD) {
                long slotHigh = table.packed ? words[i * stride + table.keyWord + 1] : 0;
                if (slotHigh != 0) { // a packed key: equal keys pack alike, and no other key packs like it
                    if (slotHigh == high && words[i * stride + table.keyWord] == low) {
                        return i;
                    }
                    continue;
                }
                Object k = keys[i];
                if (stored != null && (k == stored || k.equals(stored))) {
                    return i;
                }
            }
        }
    }
}
