package dev.sluice.runtime.internal.operators.state;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * One partition of mapWithState's state: a {@link StateTable} (keys and states in parallel arrays, no
 * object per key) with the batch time each key last got data beside it, and, for a spec with a
 * timeout, the keys bucketed by that time ({@link TouchBuckets}), so a batch finds the keys timing
 * out without visiting the others. A batch changes the table in place between {@link #begin} and
 * {@link #commit}, remembering each slot as it was before its first change; {@link #rollback} puts
 * those back, so a failing batch leaves the state as it was. A key a batch removes keeps its slot,
 * marked removed, until the commit: a later record of the batch that was dealt that slot finds its key
 * there, or brings it back in the same place. Slot indices stay valid through a batch that reserved
 * room for its new keys ({@link #reserve}) before its first change; one that adds more moves every
 * slot, and its undo log with them ({@link #rehashed}).
 */
final class TouchTable<K, S> extends StateTable<K, S> {

    /**
     * Per slot, beside its hash and state ({@link #slotWords}) so that a touch reads the cache line the
     * probe read: the batch time its key last got data, and the batch that last saved it for its undo.
     */
    private static final int TOUCHED = 2;
    private static final int SAVED_IN = 3;

    /** The keys by touch time, or null when the spec has no timeout. */
    private final TouchBuckets buckets;
    private final Undo undo = new Undo();
    /** Counts batches, so a slot knows whether the running one saved it already. */
    private long batch;
    /** Whether a batch is changing the table (set from a worker, read by the next batch's caller). */
    private volatile boolean changing;
    /** The threshold the running batch timed keys out up to; its buckets go at the commit. */
    private long expiredUpTo = Long.MIN_VALUE;
    /** Slots in buckets due now whose keys the running batch touched: they go back into their new bucket. */
    private final SlotList carried = new SlotList();
    /**
     * Whether the running batch marked a key removed: a batch that removed none (a running count) skips
     * the commit's pass over its changed slots, each a cache miss over a large table.
     */
    private boolean removedInBatch;

    /** A table that tracks which keys time out. */
    TouchTable() {
        this(true);
    }

    /** @param timeouts whether the table answers which keys time out (a spec with a timeout) */
    TouchTable(boolean timeouts) {
        super(16);
        this.buckets = timeouts ? new TouchBuckets() : null;
    }

    boolean tracksTimeouts() {
        return buckets != null;
    }

    /** How many entries the timeout buckets hold, stale ones too; 0 without a timeout. */
    long timeoutEntries() {
        return buckets == null ? 0 : buckets.entries();
    }

    /** The batch time slot {@code i}'s key last got data. */
    long touchedAt(int i) {
        return wordAt(i, TOUCHED);
    }

    /** Starts recording changes, so that they can be undone. */
    void begin() {
        checkNotChanging();
        batch++;
        undo.clear();
        carried.clear();
        expiredUpTo = Long.MIN_VALUE;
        removedInBatch = false;
        changing = true;
    }

    /** Fails while a batch given up when its task still ran (a hung function) has not undone its changes yet. */
    void checkNotChanging() {
        if (changing) {
            throw new IllegalStateException("the state is still being changed by an earlier batch that was given up;"
                    + " this batch fails until that batch's function returns");
        }
    }

    /** Keeps the batch's changes: the keys it removed leave their slots, the buckets it timed out go. */
    void commit() {
        for (int j = 0; removedInBatch && j < undo.size; j++) {
            purgeAt(undo.slots.at(j));
        }
        if (buckets != null && expiredUpTo != Long.MIN_VALUE) {
            buckets.dropUpTo(expiredUpTo);
            for (int j = 0; j < carried.size(); j++) {
                int i = carried.at(j);
                if (taken(i)) {
                    buckets.add(wordAt(i, TOUCHED), i);
                }
            }
        }
        if (buckets != null && buckets.entries() > 2L * size() + 1024) {
            refileBuckets(); // stale entries of keys touched again outnumber the keys: a long timeout's buckets stay bounded
        }
        undo.clear();
        carried.clear();
        changing = false;
    }

    /** Whether the running batch touched or removed the key of slot {@code i}. */
    boolean changedInBatch(int i) {
        return changing && wordAt(i, SAVED_IN) == batch;
    }

    /** Sets the state of {@code key} as touched at {@code time}; answers its slot. */
    int touch(K key, S state, long time) {
        int i = indexOf(key);
        if (i >= 0) {
            touchAt(i, state, time);
            return i;
        }
        i = insert(key, state);
        setWordAt(i, TOUCHED, time);
        if (changing) {
            setWordAt(i, SAVED_IN, batch);
            undo.added(i);
        }
        if (buckets != null) {
            buckets.add(time, i);
        }
        return i;
    }

    /** As {@link #touch}, for slot {@code i}, whose key is there or {@linkplain #markedRemoved marked removed}. */
    void touchAt(int i, S state, long time) {
        save(i);
        if (markedRemoved(i)) {
            restoreAt(i, SlotKinds.OBJECT, null, 0);
        }
        setStateAt(i, state);
        touchedNow(i, time);
    }

    /** As {@link #touchAt}, for slot {@code i}, whose key is there and keeps its state. */
    void retouchAt(int i, long time) {
        save(i);
        touchedNow(i, time);
    }

    private void touchedNow(int i, long time) {
        if (buckets != null && wordAt(i, TOUCHED) != time) {
            buckets.add(time, i);
        }
        setWordAt(i, TOUCHED, time);
    }

    /** Removes slot {@code i}'s key: in a batch marked removed until the commit, else at once. */
    void drop(int i) {
        if (!changing) {
            removeAt(i);
            return;
        }
        save(i);
        markRemovedAt(i);
        removedInBatch = true;
    }

    /** A key removed through the {@link java.util.Map} is dropped as by the mapping function. */
    @Override
    void removeKeyAt(int i) {
        drop(i);
    }

    /** Not for this table: a key's state is set with the time it got it, by {@link #touch}. */
    @Override
    public S put(K key, S state) {
        throw new UnsupportedOperationException("mapWithState's state is set by touch(key, state, time)");
    }

    @Override
    public void clear() {
        super.clear();
        if (buckets != null) {
            buckets.clear();
        }
    }

    /** Every slot holding a key, in slot order; {@code visit} must not add keys. */
    void forEachSlot(IntConsumer visit) {
        for (int i = 0; i < capacity(); i++) {
            if (taken(i)) {
                visit.accept(i);
            }
        }
    }

    /**
     * The slots whose keys were last touched at or before {@code threshold} and not by the running
     * batch, each once; {@code visit} may {@link #drop} the slot it is given, nothing else.
     */
    void forEachTimingOut(long threshold, IntConsumer visit) {
        if (buckets == null) {
            throw new IllegalStateException("timeouts need a table that tracks touch times");
        }
        expiredUpTo = Math.max(expiredUpTo, threshold);
        buckets.forEachUpTo(threshold, (time, i) -> {
            if (!taken(i) || wordAt(i, TOUCHED) != time) {
                return; // removed, timed out through an earlier entry, or touched again since
            }
            if (changedInBatch(i)) {
                carried.add(i);
            } else {
                visit.accept(i);
            }
        });
    }

    /** Puts every slot the running batch changed back as it was; nothing if none runs. */
    void rollback() {
        if (!changing) {
            return;
        }
        for (int j = undo.size - 1; j >= 0; j--) {
            int i = undo.slots.at(j);
            if (undo.added[j]) {
                removeAt(i);
            } else {
                restoreAt(i, undo.kinds[j], undo.held[j], undo.numbers[j]);
                setWordAt(i, TOUCHED, undo.touched[j]);
            }
        }
        undo.clear();
        carried.clear();
        changing = false;
    }

    /** The first change of a slot in the running batch keeps what it was. */
    private void save(int i) {
        if (changing && wordAt(i, SAVED_IN) != batch) {
            setWordAt(i, SAVED_IN, batch);
            undo.saved(i, kindAt(i), heldAt(i), numberAt(i), wordAt(i, TOUCHED));
        }
    }

    @Override
    int slotWords() {
        return 4;
    }

    /** mapWithState looks a key up per record and walks the table only for snapshots. */
    @Override
    boolean packsKeys() {
        return true;
    }

    /**
     * A batch that adds more keys than it reserved room for moves the slots it changed: its undo log and
     * the slots it carries follow their keys, so that a rollback still finds them.
     */
    @Override
    void rehashed(int[] movedTo) {
        undo.slots.moved(movedTo);
        carried.moved(movedTo);
        if (buckets != null) { // every slot moved
            refileBuckets();
            for (int j = 0; j < undo.size; j++) { // a rollback brings back the touch times the batch replaced
                if (!undo.added[j]) {
                    buckets.add(undo.touched[j], undo.slots.at(j));
                }
            }
        }
    }

    /**
     * The buckets filed again from the touch times: one entry per key, none stale; a key the running
     * batch marked removed keeps its entry, in case the batch is rolled back.
     */
    private void refileBuckets() {
        buckets.clear();
        for (int i = 0; i < capacity(); i++) {
            if (taken(i) || markedRemoved(i)) {
                buckets.add(wordAt(i, TOUCHED), i);
            }
        }
    }

    /** Slots as they were before the running batch's first change of each, or that the batch added. */
    private static final class Undo {
        final SlotList slots = new SlotList();
        int[] kinds = new int[64];
        Object[] held = new Object[64];
        long[] numbers = new long[64];
        long[] touched = new long[64];
        boolean[] added = new boolean[64];
        int size;
        /** Whether an entry holds a state object: counts and removals hold none, and {@link #clear} then writes nothing. */
        private boolean holdsObjects;

        void saved(int slot, int kind, Object state, long number, long touchedAt) {
            grow();
            kinds[size] = kind;
            held[size] = state;
            holdsObjects |= state != null;
            numbers[size] = number;
            touched[size] = touchedAt;
            added[size] = false;
            slots.add(slot);
            size++;
        }

        void added(int slot) {
            grow();
            held[size] = null;
            added[size] = true;
            slots.add(slot);
            size++;
        }

        private void grow() {
            if (size == held.length) {
                int n = size * 2;
                kinds = Arrays.copyOf(kinds, n);
                held = Arrays.copyOf(held, n);
                numbers = Arrays.copyOf(numbers, n);
                touched = Arrays.copyOf(touched, n);
                added = Arrays.copyOf(added, n);
            }
        }

        /** Forgets the entries, and the states they held, so that those can go. */
        void clear() {
            if (holdsObjects) {
                Arrays.fill(held, 0, size, null);
                holdsObjects = false;
            }
            slots.clear();
            size = 0;
        }
    }
}
