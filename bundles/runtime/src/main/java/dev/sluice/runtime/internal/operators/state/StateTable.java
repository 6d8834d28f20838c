package dev.sluice.runtime.internal.operators.state;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import static dev.sluice.runtime.internal.operators.state.SlotKinds.*;

/**
 * One partition of updateStateByKey's state as parallel arrays, with no object per key: open
 * addressing over the keys (linear probing), and per slot a few longs side by side in {@link #words}:
 * the key's hash and what the slot holds ({@link SlotKinds}), then an {@code Integer} or {@code Long} state unboxed, then what
 * a subclass keeps per slot. The probe compares hashes there and reads a key only when its hash
 * matches, and a slot's state is on the cache line the probe already brought in: over a large table
 * in the old generation, each array read elsewhere is a cache miss. A count that changes every batch
 * writes a number in place rather than pointing an old entry at a new young object. Removed keys leave
 * a tombstone until the next rehash, so slots keep their places while a batch refers to them by index.
 * It is a {@link Map} for what reads the state as one (outputs, snapshots, the shared-group path). A
 * subclass keeps more per slot ({@link TouchTable}: touch times) in words of its own ({@link #slotWords}),
 * and may keep short String keys packed in the slot's last two words ({@link #packsKeys}).
 */
class StateTable<K, S> extends AbstractMap<K, S> {

    /** In {@link #keys}: a removed key's slot. */
    private static final Object TOMBSTONE = new Object();
    /** In {@link #keys}: the null key. */
    static final Object NULL_KEY = new Object();

    /** The keys by slot; {@link SlotReadAhead} reads it and {@link #words} as the probe does. */
    Object[] keys;
    /** Only states that are neither Integer nor Long, for slots that hold {@link #OBJECT}; else null. */
    private Object[] states;
    /** {@link #stride} longs per slot: hash and kind, number, the subclass's, then a {@link PackedKey} if {@link #packsKeys}. */
    long[] words;
    final int stride = strideOf();
    final boolean packed = packsKeys();
    /** Where a slot's packed key starts, low long then high, when {@link #packed}: after its {@link #slotWords}. */
    final int keyWord = slotWords();
    private int size;
    /** Slots that are taken or tombstones: what the load factor counts. */
    private int used;
    /** The chunks the last batch's deal filled, once read: the next deal fills them again. */
    final SpareChunks spareChunks = new SpareChunks();

    StateTable(int expectedKeys) {
        int capacity = Integer.highestOneBit(Math.max(16, expectedKeys * 2 - 1)) * 2;
        allocate(capacity);
    }

    private void allocate(int capacity) {
        slotsAllocated(capacity); // first: a subclass may refuse, and the table is then as it was
        // all three before any is set: a heap too small fails here and leaves the table as it was
        var newKeys = new Object[capacity];
        var newStates = new Object[capacity];
        var newWords = new long[capacity * strideOf()]; // called from the constructor, before stride is set
        keys = newKeys;
        states = newStates;
        words = newWords;
        size = 0;
        used = 0;
    }

    /** Longs per slot: 2 here (hash and kind, number); a subclass adds its own after them. */
    int slotWords() {
        return 2;
    }

    /**
     * Whether each slot also holds its key packed ({@link PackedKey}), so that a lookup compares short
     * String keys in the slot rather than reading the key object: a table looked up more often than it
     * is walked. Two more longs a slot.
     */
    boolean packsKeys() {
        return false;
    }

    private int strideOf() {
        return slotWords() + (packsKeys() ? 2 : 0);
    }

    /** Word {@code w} (2 or more) of slot {@code i}, a subclass's own. */
    final long wordAt(int i, int w) {
        return words[i * stride + w];
    }

    final void setWordAt(int i, int w, long value) {
        words[i * stride + w] = value;
    }

    /**
     * The slots are about to be allocated anew, all empty (also from this class's constructor, before a
     * subclass's field initializers). A rehash moves every key with its words, then calls {@link #rehashed}.
     */
    void slotsAllocated(int capacity) {
    }

    /**
     * A rehash has moved every key, those {@linkplain #markedRemoved marked removed} too: the key of old
     * slot {@code j} is now in slot {@code movedTo[j]}, or gone (-1: free or a tombstone).
     */
    void rehashed(int[] movedTo) {
    }

    /** The hash a lookup by {@link #indexOfPacked} is given for a key. */
    static int hash(Object key) {
        return SlotProbe.hash(key);
    }

    /** What slot {@code i} holds: {@link #FREE}, {@link #OBJECT}, {@link #REMOVED} and so on. */
    final int kindAt(int i) {
        return (int) (words[i * stride] >>> 32);
    }

    private void setKind(int i, int kind) {
        words[i * stride] = meta((int) words[i * stride], kind);
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
        return SlotProbe.indexOf(this, key);
    }

    /**
     * {@link #indexOf} of a key that {@link PackedKey packs} as {@code low} and {@code high}, with the
     * {@link #hash} {@code h}, in a table that {@link #packsKeys}: found without the key object.
     */
    int indexOfPacked(int h, long low, long high) {
        return SlotProbe.find(this, null, h, low, high);
    }

    /** Whether slot {@code i} holds a key (one not marked removed). */
    boolean taken(int i) {
        int kind = kindAt(i);
        return kind >= OBJECT && kind <= LONG;
    }

    /** Whether slot {@code i}'s key was removed by {@link #markRemovedAt} and is still kept there. */
    boolean markedRemoved(int i) {
        return kindAt(i) == REMOVED;
    }

    /**
     * The array of keys as a slot index refers to it now: a rehash replaces it, so a caller that held
     * slot indices across one can tell that they no longer hold.
     */
    Object[] slotKeys() {
        return keys;
    }

    @SuppressWarnings("unchecked")
    K keyAt(int i) {
        return keys[i] == NULL_KEY ? null : (K) keys[i];
    }

    @SuppressWarnings("unchecked")
    S stateAt(int i) {
        return switch (kindAt(i)) {
            case INT -> (S) Integer.valueOf((int) words[i * stride + 1]);
            case LONG -> (S) Long.valueOf(words[i * stride + 1]);
            case OBJECT -> (S) states[i];
            default -> null;
        };
    }

    /** Sets slot {@code i}'s state, keeping the old instance when the new one is the same value. */
    void setStateAt(int i, S state) {
        int kind = kindAt(i);
        if (state instanceof Integer n) {
            set(i, kind, INT, null, n);
        } else if (state instanceof Long n) {
            set(i, kind, LONG, null, n);
        } else if (kind != OBJECT || !SameValue.same(states[i], state)) {
            set(i, kind, OBJECT, state, 0);
        }
    }

    /** Slot {@code i}, which holds {@code was}, now holds {@code kind}: its states entry is written only if either is an object. */
    void set(int i, int was, int kind, Object state, long number) {
        if (was != kind) {
            setKind(i, kind);
        }
        if (was == OBJECT || kind == OBJECT) {
            states[i] = state;
        }
        words[i * stride + 1] = number;
    }

    /** Removes the key of slot {@code i}, leaving a tombstone so that no other slot moves. */
    void removeAt(int i) {
        if (kindAt(i) != REMOVED) {
            size--;
        }
        setKind(i, DEAD);
        keys[i] = TOMBSTONE;
        states[i] = null;
    }

    /** Removes the key of slot {@code i} but keeps it there, so that the key finds its slot again. */
    void markRemovedAt(int i) {
        int kind = kindAt(i);
        if (kind != REMOVED) {
            set(i, kind, REMOVED, null, 0);
            size--;
        }
    }

    /** Makes slot {@code i} a tombstone if its key is marked removed. */
    void purgeAt(int i) {
        if (kindAt(i) == REMOVED) {
            setKind(i, DEAD);
            keys[i] = TOMBSTONE;
        }
    }

    /** Slot {@code i}'s state object when it {@linkplain #kindAt holds} {@link #OBJECT}; else null. */
    Object heldAt(int i) {
        return kindAt(i) == OBJECT ? states[i] : null;
    }

    long numberAt(int i) {
        return words[i * stride + 1];
    }

    /** Puts back what {@link #kindAt}, {@link #heldAt} and {@link #numberAt} answered for slot {@code i}, whose key is still there. */
    void restoreAt(int i, int kind, Object held, long number) {
        int was = kindAt(i);
        if (was == REMOVED && kind != REMOVED) {
            size++;
        } else if (was != REMOVED && kind == REMOVED) {
            size--;
        }
        set(i, was, kind, held, number);
    }

    /**
     * Makes room for {@code keys} more keys without a rehash, so that slot indices stay valid while
     * they are added; answers whether it rehashed (which moves every key and drops tombstones).
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
        if (i >= 0 && !markedRemoved(i)) {
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
            restoreAt(i, OBJECT, null, 0);
            setStateAt(i, state);
            return i;
        }
        if ((used + 1) * 4 > keys.length * 3) {
            rehash(size + 1);
        }
        Object stored = key == null ? NULL_KEY : key;
        int h = hash(stored);
        int mask = keys.length - 1;
        int at = h & mask;
        int kind;
        while ((kind = kindAt(at)) != FREE && kind != DEAD) {
            at = at + 1 & mask;
        }
        if (kind == FREE) {
            used++;
        }
        keys[at] = stored;
        words[at * stride] = meta(h, OBJECT);
        if (packed) {
            var packedKey = new PackedKey().of(stored);
            words[at * stride + keyWord] = packedKey.low;
            words[at * stride + keyWord + 1] = packedKey.high;
        }
        states[at] = null;
        setStateAt(at, state);
        size++;
        return at;
    }

    /**
     * Into a table sized for {@code keys} keys and the keys marked removed, which keep their slots (a
     * running batch may bring them back or undo their removal), without tombstones.
     */
    private void rehash(int expectedKeys) {
        Object[] oldKeys = keys;
        Object[] oldStates = states;
        long[] oldWords = words;
        int markedRemoved = 0;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldWords[j * stride] >>> 32 == REMOVED) {
                markedRemoved++;
            }
        }
        int capacity = Integer.highestOneBit(Math.max(16, (expectedKeys + markedRemoved) * 2 - 1)) * 2;
        allocate(capacity);
        int mask = capacity - 1;
        var movedTo = new int[oldKeys.length];
        for (int j = 0; j < oldKeys.length; j++) {
            long meta = oldWords[j * stride];
            int kind = (int) (meta >>> 32);
            movedTo[j] = -1;
            if ((kind < OBJECT || kind > LONG) && kind != REMOVED) {
                continue;
            }
            int at = (int) meta & mask;
            while (words[at * stride] != 0) {
                at = at + 1 & mask;
            }
            keys[at] = oldKeys[j];
            states[at] = oldStates[j];
            System.arraycopy(oldWords, j * stride, words, at * stride, stride);
            movedTo[j] = at;
            if (kind != REMOVED) {
                size++;
            }
            used++;
        }
        rehashed(movedTo);
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
        return StateTableEntries.entrySet(this);
    }
}
