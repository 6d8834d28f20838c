package dev.sluice.runtime.internal.operators.state;

import java.util.HashMap;
import java.util.function.Consumer;

/**
 * One partition of mapWithState's state: each key's state and the batch time it last got data, in
 * the order the keys were last touched, so the keys timing out are always at the front. A touch
 * changes the key's slot in place and relinks it at the back: a large state that changes every
 * batch makes no new objects for the keys it already has, so the collector does not copy it again.
 */
final class TouchTable<K, S> {

    /** A key's state and when it last got data, linked in touch order. */
    static final class Slot<K, S> {
        final K key;
        S state;
        long touched;
        private Slot<K, S> newer;
        private Slot<K, S> older;

        private Slot(K key, S state, long touched) {
            this.key = key;
            this.state = state;
            this.touched = touched;
        }
    }

    private final HashMap<K, Slot<K, S>> slots = new HashMap<>();
    private Slot<K, S> oldest;
    private Slot<K, S> newest;

    Slot<K, S> get(K key) {
        return slots.get(key);
    }

    int size() {
        return slots.size();
    }

    /** Sets the state of {@code key} as touched at {@code time}, the latest touch so far. */
    void touch(K key, S state, long time) {
        Slot<K, S> slot = slots.get(key);
        if (slot == null) {
            slot = new Slot<>(key, state, time);
            slots.put(key, slot);
        } else {
            slot.state = state;
            slot.touched = time;
            unlink(slot);
        }
        link(slot);
    }

    void remove(K key) {
        Slot<K, S> slot = slots.remove(key);
        if (slot != null) {
            unlink(slot);
        }
    }

    /** Every slot, the least recently touched first; {@code visit} must not change the table. */
    void forEach(Consumer<Slot<K, S>> visit) {
        for (Slot<K, S> s = oldest; s != null; s = s.newer) {
            visit.accept(s);
        }
    }

    /** The slots last touched at or before {@code threshold}, oldest first; {@code visit} must not change the table. */
    void forEachTouchedBy(long threshold, Consumer<Slot<K, S>> visit) {
        for (Slot<K, S> s = oldest; s != null && s.touched <= threshold; s = s.newer) {
            visit.accept(s);
        }
    }

    private void link(Slot<K, S> slot) {
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
}
