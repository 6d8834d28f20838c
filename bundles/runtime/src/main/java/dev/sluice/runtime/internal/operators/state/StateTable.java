package dev.sluice.runtime.internal.operators.state;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * One partition of updateStateByKey's state as parallel arrays, with no object per key: open
 * addressing over the keys (linear probing, their hashes kept beside them), the states beside them,
 * an {@code Integer} or {@code Long} state unboxed in {@link #numbers}. A count that changes every
 * batch then writes a number into an array rather than pointing an old entry at a new young object,
 * and a pass over every key reads a few arrays in order. Removed keys leave a tombstone until the
 * next rehash, so the slots keep their places while a batch refers to them by index. It is a
 * {@link Map} for everything that reads the state as one (outputs, snapshots, the shared-group path).
 * A subclass keeps more per slot in arrays of its own ({@link TouchTable}: touch times for mapWithState),
 * told when the slots are allocated anew and where each key moves.
 */
class StateTable<K, S> extends AbstractMap<K, S> {

    /** In {@link #keys}: a removed key's slot. */
    private static final Object TOMBSTONE = new Object();
    /** In {@link #keys}: the null key. */
    private static final Object NULL_KEY = new Object();
    /** In {@link #states}: the state is the int in {@link #numbers}. */
    private static final Object INT = new Object();
    /** In {@link #states}: the state is the long in {@link #numbers}. */
    private static final Object LONG = new Object();
    /**
     * In {@link #states}: the key was removed, but keeps its slot (a record of the running batch may
     * still refer to it, or bring the key back) until {@link #purgeAt} makes the slot a tombstone.
     */
    private static final Object REMOVED = new Object();

    private Object[] keys;
    private int[] hashes;
    private Object[] states;
    private long[] numbers;
    private int size;
    /** Slots that are taken or tombstones: what the load factor counts. */
    private int used;

    StateTable(int expectedKeys) {
        int capacity = Integer.highestOneBit(Math.max(16, expectedKeys * 2 - 1)) * 2;
        allocate(capacity);
    }

    /** A table holding {@code source}'s keys and states. */
    static <K, S> StateTable<K, S> of(Map<K, S> source) {
        if (source instanceof StateTable<K, S> table) {
            return table;
        }
        var table = new StateTable<K, S>(source.size());
        source.forEach(table::put);
        return table;
    }

    private void allocate(int capacity) {
        slotsAllocated(capacity); // first: a subclass may refuse, and the table is then as it was
        keys = new Object[capacity];
        hashes = new int[capacity];
        states = new Object[capacity];
        numbers = new long[capacity];
        size = 0;
        used = 0;
    }

    /**
     * The slots are about to be allocated anew, {@code capacity} of them, all empty: a subclass allocates its own
     * arrays (called from this class's constructor: such fields must have no initializer). A rehash
     * then reports each key's move to {@link #slotMoved} and ends with {@link #rehashed}.
     */
    void slotsAllocated(int capacity) {
    }

    /** In a rehash: the key of old slot {@code from} is now in slot {@code to}. */
    void slotMoved(int from, int to) {
    }

    /** A rehash has moved every key. */
    void rehashed() {
    }

    private static int hash(Object key) {
        int h = Objects.hashCode(key);
        return h ^ h >>> 16;
    }

    /** The number of slots; {@link #indexOf} answers one below it. */
    int capacity() {
        return keys.length;
    }

    /**
     * The slot of {@code key} (which may be {@linkplain #markedRemoved marked removed}), or -1; only
     * reads the table, so map tasks may call it together.
     */
    int indexOf(Object key) {
        Object stored = key == null ? NULL_KEY : key;
        int h = hash(stored);
        int mask = keys.length - 1;
        for (int i = h & mask; ; i = i + 1 & mask) {
            Object k = keys[i];
            if (k == null) {
                return -1;
            }
            if (hashes[i] == h && (k == stored || k != TOMBSTONE && k.equals(stored))) {
                return i;
            }
        }
    }

    /** Whether slot {@code i} holds a key (one not marked removed). */
    boolean taken(int i) {
        Object k = keys[i];
        return k != null && k != TOMBSTONE && states[i] != REMOVED;
    }

    /** Whether slot {@code i}'s key was removed by {@link #markRemovedAt} and is still kept there. */
    boolean markedRemoved(int i) {
        return states[i] == REMOVED;
    }

    /**
     * The array of keys as a slot index refers to it now: a rehash replaces it, so a caller that held
     * slot indices across one finds their keys in the array it kept ({@link #keyIn}).
     */
    Object[] slotKeys() {
        return keys;
    }

    /** The key of slot {@code i} of {@code slotKeys}, an array {@link #slotKeys} gave. */
    @SuppressWarnings("unchecked")
    static <K> K keyIn(Object[] slotKeys, int i) {
        return slotKeys[i] == NULL_KEY ? null : (K) slotKeys[i];
    }

    @SuppressWarnings("unchecked")
    K keyAt(int i) {
        return keys[i] == NULL_KEY ? null : (K) keys[i];
    }

    @SuppressWarnings("unchecked")
    S stateAt(int i) {
        Object s = states[i];
        if (s == INT) {
            return (S) Integer.valueOf((int) numbers[i]);
        }
        return (S) (s == LONG ? Long.valueOf(numbers[i]) : s);
    }

    /** Sets slot {@code i}'s state, keeping the old instance when the new one is the same value. */
    void setStateAt(int i, S state) {
        if (state instanceof Integer n) {
            states[i] = INT;
            numbers[i] = n;
        } else if (state instanceof Long n) {
            states[i] = LONG;
            numbers[i] = n;
        } else if (!SameValue.same(states[i], state)) {
            states[i] = state;
        }
    }

    /** Removes the key of slot {@code i}, leaving a tombstone so that no other slot moves. */
    void removeAt(int i) {
        if (states[i] != REMOVED) {
            size--;
        }
        keys[i] = TOMBSTONE;
        states[i] = null;
    }

    /** Removes the key of slot {@code i} but keeps it there, so that the key finds its slot again. */
    void markRemovedAt(int i) {
        if (states[i] != REMOVED) {
            states[i] = REMOVED;
            size--;
        }
    }

    /** Makes slot {@code i} a tombstone if its key is marked removed. */
    void purgeAt(int i) {
        if (states[i] == REMOVED) {
            keys[i] = TOMBSTONE;
            states[i] = null;
        }
    }

    /** Slot {@code i}'s state as held: an object, or a marker for a number or a removed key; with {@link #numberAt}. */
    Object heldAt(int i) {
        return states[i];
    }

    long numberAt(int i) {
        return numbers[i];
    }

    /** Puts back what {@link #heldAt} and {@link #numberAt} answered for slot {@code i}, whose key is still there. */
    void restoreAt(int i, Object held, long number) {
        if (states[i] == REMOVED && held != REMOVED) {
            size++;
        } else if (states[i] != REMOVED && held == REMOVED) {
            size--;
        }
        states[i] = held;
        numbers[i] = number;
    }

    /**
     * Makes room for {@code keys} more keys without a rehash, so that slot indices stay valid while
     * they are added; answers whether it rehashed (which moves every key and drops removed ones).
     */
    boolean reserve(int more) {
        if ((long) (used + more) * 4 <= (long) keys.length * 3) {
            return false;
        }
        rehash(size + more);
        return true;
    }

    @Override
    public S put(K key, S state) {
        int i = indexOf(key);
        if (i >= 0 && states[i] != REMOVED) {
            S before = stateAt(i);
            setStateAt(i, state);
            return before;
        }
        add(i, key, state);
        return null;
    }

    /** Adds {@code key}, which the table does not hold, with {@code state}; answers its slot. */
    int insert(K key, S state) {
        return add(indexOf(key), key, state);
    }

    /** Adds {@code key}, whose slot {@link #indexOf} found at {@code i} (marked removed) or not (-1). */
    private int add(int i, K key, S state) {
        if (i >= 0) { // a key marked removed comes back in its slot
            states[i] = null;
            setStateAt(i, state);
            size++;
            return i;
        }
        if ((used + 1) * 4 > keys.length * 3) {
            rehash(size + 1);
        }
        Object stored = key == null ? NULL_KEY : key;
        int h = hash(stored);
        int mask = keys.length - 1;
        int at = h & mask;
        while (keys[at] != null && keys[at] != TOMBSTONE) {
            at = at + 1 & mask;
        }
        if (keys[at] == null) {
            used++;
        }
        keys[at] = stored;
        hashes[at] = h;
        states[at] = null;
        setStateAt(at, state);
        size++;
        return at;
    }

    /** Into a table sized for {@code keys} keys, without tombstones. */
    private void rehash(int expectedKeys) {
        Object[] oldKeys = keys;
        Object[] oldStates = states;
        long[] oldNumbers = numbers;
        int[] oldHashes = hashes;
        int capacity = Integer.highestOneBit(Math.max(16, expectedKeys * 2 - 1)) * 2;
        allocate(capacity);
        int mask = capacity - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            Object k = oldKeys[j];
            if (k == null || k == TOMBSTONE || oldStates[j] == REMOVED) {
                continue;
            }
            int at = oldHashes[j] & mask;
            while (keys[at] != null) {
                at = at + 1 & mask;
            }
            keys[at] = k;
            hashes[at] = oldHashes[j];
            states[at] = oldStates[j];
            numbers[at] = oldNumbers[j];
            size++;
            used++;
            slotMoved(j, at);
        }
        rehashed();
    }

    @Override
    public S get(Object key) {
        int i = indexOf(key);
        return i < 0 || !taken(i) ? null : stateAt(i);
    }

    @Override
    public boolean containsKey(Object key) {
        int i = indexOf(key);
        return i >= 0 && taken(i);
    }

    @Override
    public S remove(Object key) {
        int i = indexOf(key);
        if (i < 0 || !taken(i)) {
            return null;
        }
        S before = stateAt(i);
        removeKeyAt(i);
        return before;
    }

    /** Removes slot {@code i}'s key for a user of the {@link Map}: at once here; a subclass may defer it. */
    void removeKeyAt(int i) {
        removeAt(i);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void clear() {
        allocate(16);
    }

    @Override
    public void forEach(BiConsumer<? super K, ? super S> action) {
        for (int i = 0; i < keys.length; i++) {
            if (taken(i)) {
                action.accept(keyAt(i), stateAt(i));
            }
        }
    }

    @Override
    public Set<Map.Entry<K, S>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<K, S>> iterator() {
                return new StateTableEntries<>(StateTable.this);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** New states for the slots of this table, computed before any is set, so a failing batch sets none. */
    final class Update {
        private final Object[] next = new Object[keys.length];
        private final long[] nextNumbers = new long[keys.length];

        /** Slot {@code i}'s new state; {@code null} drops the key. */
        void set(int i, S state) {
            if (state == null) {
                next[i] = TOMBSTONE;
            } else if (state instanceof Integer n) {
                next[i] = INT;
                nextNumbers[i] = n;
            } else if (state instanceof Long n) {
                next[i] = LONG;
                nextNumbers[i] = n;
            } else {
                next[i] = state;
            }
        }

        /** Sets every new state; slots it has none for keep theirs. The table must not have changed since. */
        void apply() {
            for (int i = 0; i < next.length; i++) {
                Object s = next[i];
                if (s == null) {
                    continue;
                }
                if (s == TOMBSTONE) {
                    removeAt(i);
                } else if (s == INT || s == LONG) {
                    states[i] = s;
                    numbers[i] = nextNumbers[i];
                } else if (!SameValue.same(states[i], s)) {
                    states[i] = s;
                }
            }
        }
    }
}
