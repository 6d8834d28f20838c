package dev.sluice.runtime.internal.operators.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.function.Consumer;

/**
 * One partition of mapWithState's state: each key's state and the batch time it last got data, in
 * the order the keys were last touched, so the keys timing out are always at the front. A touch
 * changes the key's slot in place and relinks it at the back: a large state that changes every
 * batch makes no new objects for the keys it already has, so the collector does not copy it again.
 * A batch changes the table between {@link #begin} and {@link #commit}; {@link #rollback} undoes
 * what it changed, so a failing batch leaves the state as it was. Without timeouts nothing reads the
 * touch order, so an unordered table keeps none: a touch then changes only its own slot, not its two
 * neighbours' (two fewer cache misses and old-generation writes per record).
 */
final class TouchTable<K, S> {

    /**
     * A key's state and when it last got data, linked in touch order. An {@code Integer} or
     * {@code Long} state, the commonest (counts), is kept unboxed: a count that changes every batch
     * then never makes the old slot point at a new young object, which every young collection would
     * have to find through the card table and copy, and which would end up filling the old generation.
     */
    static final class Slot<K, S> {
        private static final Object INT = new Object();
        private static final Object LONG = new Object();

        final K key;
        /** The state, or {@link #INT} or {@link #LONG} when it is {@link #number}. */
        private Object state;
        private long number;
        long touched;
        /** Its place in touch order: the list is in increasing order of it. */
        private long place;
        /** The batch that last saved this slot for its undo. */
        private long savedIn;
        /** Whether the slot left the table (a record dealt with it then finds its key again). */
        private boolean removed;
        private Slot<K, S> newer;
        private Slot<K, S> older;

        private Slot(K key, S state, long touched) {
            this.key = key;
            this.touched = touched;
            setState(state);
        }

        @SuppressWarnings("unchecked")
        S state() {
            Object s = state;
            if (s == INT) {
                return (S) Integer.valueOf((int) number);
            }
            return (S) (s == LONG ? Long.valueOf(number) : s);
        }

        boolean removed() {
            return removed;
        }

        private void setState(S s) {
            if (s instanceof Integer i) {
                state = INT;
                number = i;
            } else if (s instanceof Long l) {
                state = LONG;
                number = l;
            } else if (!SameValue.same(state, s)) {
                state = s;
            }
        }
    }

    private final HashMap<K, Slot<K, S>> slots = new HashMap<>();
    /** Whether the slots are linked in touch order (for timeouts). */
    private final boolean ordered;
    private Slot<K, S> oldest;
    private Slot<K, S> newest;
    /** The place of the latest touch. */
    private long places;
    /** Counts batches, so a slot knows whether the running one saved it already. */
    private long batch;
    /** What the running batch changed, each key as it was before its first change; null outside a batch. */
    private volatile Undo<K, S> undo;

    /** A table in touch order. */
    TouchTable() {
        this(true);
    }

    /** @param ordered whether the table keeps its keys in touch order, which only timeouts need */
    TouchTable(boolean ordered) {
        this.ordered = ordered;
    }

    boolean ordered() {
        return ordered;
    }

    Slot<K, S> get(K key) {
        return slots.get(key);
    }

    int size() {
        return slots.size();
    }

    /** Starts recording changes, so that they can be undone. */
    void begin() {
        checkNotChanging();
        batch++;
        undo = new Undo<>();
    }

    /** Fails while a batch given up when its task still ran (a hung function) has not undone its changes yet. */
    void checkNotChanging() {
        if (undo != null) {
            throw new IllegalStateException("the state is still being changed by an earlier batch that was given up;"
                    + " this batch fails until that batch's function returns");
        }
    }

    /** Keeps the batch's changes. */
    void commit() {
        undo = null;
    }

    /** Whether the running batch touched or removed the key of {@code slot}. */
    boolean changedInBatch(Slot<K, S> slot) {
        return undo != null && slot.savedIn == batch;
    }

    /** Sets the state of {@code key} as touched at {@code time}, the latest touch so far. */
    void touch(K key, S state, long time) {
        Slot<K, S> slot = slots.get(key);
        if (slot != null) {
            touch(slot, state, time);
            return;
        }
        slot = new Slot<>(key, state, time);
        slots.put(key, slot);
        if (undo != null) {
            slot.savedIn = batch;
            undo.add(key, null);
        }
        if (ordered) {
            link(slot);
        }
    }

    /** As {@link #touch(Object, Object, long)}, for a slot of this table found by {@link #get}. */
    void touch(Slot<K, S> slot, S state, long time) {
        save(slot);
        slot.setState(state);
        slot.touched = time;
        if (ordered) {
            unlink(slot);
            link(slot);
        }
    }

    void remove(K key) {
        Slot<K, S> slot = slots.remove(key);
        if (slot != null) {
            slot.removed = true;
            save(slot);
            if (ordered) {
                unlink(slot);
            }
        }
    }

    /** Every slot, the least recently touched first if ordered; {@code visit} must not change the table. */
    void forEach(Consumer<Slot<K, S>> visit) {
        if (!ordered) {
            slots.values().forEach(visit);
            return;
        }
        for (Slot<K, S> s = oldest; s != null; s = s.newer) {
            visit.accept(s);
        }
    }

    /** The slots last touched at or before {@code threshold}, oldest first; {@code visit} must not change the table. */
    void forEachTouchedBy(long threshold, Consumer<Slot<K, S>> visit) {
        if (!ordered) {
            throw new IllegalStateException("timeouts need a table in touch order");
        }
        for (Slot<K, S> s = oldest; s != null && s.touched <= threshold; s = s.newer) {
            visit.accept(s);
        }
    }

    /** Puts every key the running batch changed back as it was, in its place in touch order; nothing if none runs. */
    void rollback() {
        Undo<K, S> u = undo;
        undo = null;
        if (u == null) {
            return;
        }
        var restored = new ArrayList<Slot<K, S>>();
        // latest first: a key removed and made again by the batch loses the new slot, then gets the old one back
        for (int i = u.size - 1; i >= 0; i--) {
            @SuppressWarnings("unchecked")
            K key = (K) u.keys[i];
            Slot<K, S> current = slots.remove(key);
            if (current != null) {
                current.removed = true;
                if (ordered) {
                    unlink(current);
                }
            }
            @SuppressWarnings("unchecked")
            Slot<K, S> before = (Slot<K, S>) u.slots[i];
            if (before != null) {
                before.state = u.states[i];
                before.number = u.numbers[i];
                before.touched = u.touched[i];
                before.place = u.places[i];
                before.removed = false;
                slots.put(key, before);
                restored.add(before);
            }
        }
        if (ordered) {
            restored.sort(Comparator.comparingLong(s -> s.place));
            insertInPlace(restored);
        }
    }

    /** The first change of a slot in the running batch keeps what it was. */
    private void save(Slot<K, S> slot) {
        if (undo != null && slot.savedIn != batch) {
            slot.savedIn = batch;
            undo.add(slot.key, slot);
        }
    }

    /** Links {@code sorted} (by place) back into the list where they were. */
    private void insertInPlace(List<Slot<K, S>> sorted) {
        Slot<K, S> at = oldest;
        for (Slot<K, S> slot : sorted) {
            while (at != null && at.place < slot.place) {
                at = at.newer;
            }
            if (at == null) {
                slot.older = newest;
                if (newest != null) {
                    newest.newer = slot;
                } else {
                    oldest = slot;
                }
                newest = slot;
            } else {
                slot.newer = at;
                slot.older = at.older;
                if (at.older != null) {
                    at.older.newer = slot;
                } else {
                    oldest = slot;
                }
                at.older = slot;
            }
        }
    }

    private void link(Slot<K, S> slot) {
        slot.place = ++places;
        slot.older = newest;
        slot.newer = null;
        if (newest != null) {
            newest.newer = slot;
        } else {
            oldest = slot;
        }
        newest = slot;
    }

    private void unlink(Slot<K, S> slot) {
        if (slot.older != null) {
            slot.older.newer = slot.newer;
        } else {
            oldest = slot.newer;
        }
        if (slot.newer != null) {
            slot.newer.older = slot.older;
        } else {
            newest = slot.older;
        }
        slot.older = null;
        slot.newer = null;
    }

    /**
     * Keys as they were before a batch's first change: the slot (null for a key it added), its state as
     * the slot holds it (a number stays unboxed: no object per changed key), touch time and place.
     */
    private static final class Undo<K, S> {
        Object[] keys = new Object[64];
        Object[] slots = new Object[64];
        Object[] states = new Object[64];
        long[] numbers = new long[64];
        long[] touched = new long[64];
        long[] places = new long[64];
        int size;

        void add(K key, Slot<K, S> slot) {
            if (size == keys.length) {
                int n = size * 2;
                keys = Arrays.copyOf(keys, n);
                slots = Arrays.copyOf(slots, n);
                states = Arrays.copyOf(states, n);
                numbers = Arrays.copyOf(numbers, n);
                touched = Arrays.copyOf(touched, n);
                places = Arrays.copyOf(places, n);
            }
            keys[size] = key;
            slots[size] = slot;
            if (slot != null) {
                states[size] = slot.state;
                numbers[size] = slot.number;
                touched[size] = slot.touched;
                places[size] = slot.place;
            }
            size++;
        }
    }
}
