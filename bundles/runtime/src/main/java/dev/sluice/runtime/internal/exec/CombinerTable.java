package dev.sluice.runtime.internal.exec;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * A shuffle's table of combiners per key: open addressing with linear probing, each key's spread
 * hash in an array beside the keys and the combiners. A map task calls {@link #merge} once per
 * pair, so finding a key is the hot path of a word count's map stage: here it reads the hash array
 * and, on a match, the key, where a {@code HashMap} first reads a node per entry. At most half the
 * slots are used, so a lookup probes about one and a half slots, and nothing is allocated per key
 * but the arrays' doubling. Iterates in slot order. Keys and combiners may be null; the entry set's
 * iterator cannot remove (remove a key through the table).
 */
public final class CombinerTable<K, C> extends AbstractMap<K, C> {

    /** What a null key is stored as: an empty slot is a null in {@link #keys}. */
    private static final Object NULL_KEY = new Object();
    private static final int MAX_SLOTS = 1 << 30;

    private int[] hashes;
    private Object[] keys;
    private Object[] combiners;
    private int size;
    /** Changes of the key set, so that an iteration across one fails instead of skipping keys. */
    private int changes;

    /** A table that holds {@code expectedKeys} without growing. */
    public CombinerTable(int expectedKeys) {
        allocate(slotsFor(expectedKeys));
    }

    private static int slotsFor(int keys) {
        long wanted = Math.max(16L, 2L * keys);
        return wanted >= MAX_SLOTS ? MAX_SLOTS : Integer.highestOneBit((int) wanted - 1) << 1;
    }

    private void allocate(int slots) {
        hashes = new int[slots];
        keys = new Object[slots];
        combiners = new Object[slots];
    }

    /** The key's hash with its high bits folded into the low ones, as {@code HashMap} spreads it. */
    static int spread(Object key) {
        int h = key == null ? 0 : key.hashCode();
        return h ^ (h >>> 16);
    }

    /** The slot holding {@code key}, or {@code -(empty slot) - 1} where it would go. */
    private int find(Object key, int hash) {
        Object stored = key == null ? NULL_KEY : key;
        Object[] ks = keys;
        int mask = ks.length - 1;
        int i = hash & mask;
        while (true) {
            Object k = ks[i];
            if (k == null) {
                return -i - 1;
            }
            if (hashes[i] == hash && (k == stored || k.equals(stored))) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public C merge(K key, C value, BiFunction<? super C, ? super C, ? extends C> remapping) {
        Objects.requireNonNull(value);
        int hash = spread(key);
        int slot = find(key, hash);
        if (slot < 0) {
            insert(-slot - 1, key, hash, value);
            return value;
        }
        C old = (C) combiners[slot];
        C merged = old == null ? value : remapping.apply(old, value);
        if (merged == null) {
            removeSlot(slot);
        } else {
            combiners[slot] = merged;
        }
        return merged;
    }

    @Override
    @SuppressWarnings("unchecked")
    public C get(Object key) {
        int slot = find(key, spread(key));
        return slot < 0 ? null : (C) combiners[slot];
    }

    @Override
    public boolean containsKey(Object key) {
        return find(key, spread(key)) >= 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public C put(K key, C value) {
        int hash = spread(key);
        int slot = find(key, hash);
        if (slot < 0) {
            insert(-slot - 1, key, hash, value);
            return null;
        }
        C old = (C) combiners[slot];
        combiners[slot] = value;
        return old;
    }

    @Override
    @SuppressWarnings("unchecked")
    public C remove(Object key) {
        int slot = find(key, spread(key));
        if (slot < 0) {
            return null;
        }
        C old = (C) combiners[slot];
        removeSlot(slot);
        return old;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void clear() {
        Arrays.fill(keys, null);
        Arrays.fill(combiners, null);
        size = 0;
        changes++;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void forEach(BiConsumer<? super K, ? super C> action) {
        Object[] ks = keys;
        Object[] cs = combiners;
        int expected = changes;
        for (int i = 0; i < ks.length; i++) {
            Object k = ks[i];
            if (k != null) {
                action.accept(k == NULL_KEY ? null : (K) k, (C) cs[i]);
                if (changes != expected) {
                    throw new ConcurrentModificationException();
                }
            }
        }
    }

    @Override
    public Set<Map.Entry<K, C>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<K, C>> iterator() {
                return new Entries();
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    private void insert(int slot, K key, int hash, C value) {
        keys[slot] = key == null ? NULL_KEY : key;
        hashes[slot] = hash;
        combiners[slot] = value;
        size++;
        changes++;
        if (size > keys.length >> 1 && keys.length < MAX_SLOTS) {
            grow();
        }
    }

    private void grow() {
        int[] oldHashes = hashes;
        Object[] oldKeys = keys;
        Object[] oldCombiners = combiners;
        allocate(oldKeys.length << 1);
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != null) {
                int i = oldHashes[j] & mask;
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                hashes[i] = oldHashes[j];
                combiners[i] = oldCombiners[j];
            }
        }
    }

    /** Empties {@code slot} and moves back the keys after it that probed past it, so none is lost. */
    private void removeSlot(int slot) {
        int mask = keys.length - 1;
        int hole = slot;
        int i = slot;
        while (true) {
            i = (i + 1) & mask;
            if (keys[i] == null) {
                break;
            }
            int home = hashes[i] & mask;
            // the key at i may fill the hole when its home is not in (hole, i], cyclically
            if (((i - home) & mask) >= ((i - hole) & mask)) {
                keys[hole] = keys[i];
                hashes[hole] = hashes[i];
                combiners[hole] = combiners[i];
                hole = i;
            }
        }
        keys[hole] = null;
        combiners[hole] = null;
        size--;
        changes++;
    }

    /** The entries in slot order; {@code setValue} writes through. */
    private final class Entries implements Iterator<Map.Entry<K, C>> {
        private final int expected = changes;
        private int next = advance(0);

        private int advance(int from) {
            int i = from;
            while (i < keys.length && keys[i] == null) {
                i++;
            }
            return i;
        }

        @Override
        public boolean hasNext() {
            return next < keys.length;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Map.Entry<K, C> next() {
            if (changes != expected) {
                throw new ConcurrentModificationException();
            }
            if (next >= keys.length) {
                throw new NoSuchElementException();
            }
            int slot = next;
            next = advance(slot + 1);
            Object k = keys[slot];
            return new AbstractMap.SimpleEntry<>(k == NULL_KEY ? null : (K) k, (C) combiners[slot]) {
                @Override
                public C setValue(C value) {
                    combiners[slot] = value;
                    return super.setValue(value);
                }
            };
        }
    }
}
