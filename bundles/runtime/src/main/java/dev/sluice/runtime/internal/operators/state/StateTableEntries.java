package dev.sluice.runtime.internal.operators.state;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/** A {@link StateTable}'s taken slots in slot order, as entries that read and write the table. */
final class StateTableEntries<K, S> implements Iterator<Map.Entry<K, S>> {

    private final StateTable<K, S> table;
    private int next;
    private int last = -1;

    /** {@code table}'s entries as a set, through which they are read, set and removed. */
    static <K, S> Set<Map.Entry<K, S>> entrySet(StateTable<K, S> table) {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<K, S>> iterator() {
                return new StateTableEntries<>(table);
            }

            @Override
            public int size() {
                return table.size();
            }
        };
    }

    StateTableEntries(StateTable<K, S> table) {
        this.table = table;
        this.next = advance(0);
    }

    private int advance(int from) {
        int i = from;
        while (i < table.capacity() && !table.taken(i)) {
            i++;
        }
        return i;
    }

    @Override
    public boolean hasNext() {
        return next < table.capacity();
    }

    @Override
    public Map.Entry<K, S> next() {
        if (next >= table.capacity()) {
            throw new NoSuchElementException();
        }
        int i = last = next;
        next = advance(next + 1);
        return new AbstractMap.SimpleEntry<>(table.keyAt(i), table.stateAt(i)) {
            @Override
            public S setValue(S state) {
                table.setStateAt(i, state);
                return super.setValue(state);
            }
        };
    }

    @Override
    public void remove() {
        if (last < 0 || !table.taken(last)) {
            throw new IllegalStateException("no entry to remove");
        }
        table.removeKeyAt(last);
    }
}
