package dev.sluice.runtime.internal.operators.state;

/**
 * New states for the slots of a {@link StateTable}, computed before any is set, so a failing batch
 * sets none (updateStateByKey's pass over every key).
 */
final class NewStates<K, S> {

    /** In {@link #next}: the slot's key is dropped. */
    private static final Object DROP = new Object();
    /** In {@link #next}: the new state is an Integer or Long, in {@link #nextNumbers}. */
    private static final Object INT_STATE = new Object();
    private static final Object LONG_STATE = new Object();

    private final StateTable<K, S> table;
    private final Object[] next;
    private final long[] nextNumbers;

    NewStates(StateTable<K, S> table) {
        this.table = table;
        this.next = new Object[table.capacity()];
        this.nextNumbers = new long[table.capacity()];
    }

    /** Slot {@code i}'s new state; {@code null} drops the key. */
    void set(int i, S state) {
        if (state == null) {
            next[i] = DROP;
        } else if (state instanceof Integer n) {
            next[i] = INT_STATE;
            nextNumbers[i] = n;
        } else if (state instanceof Long n) {
            next[i] = LONG_STATE;
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
            int was = table.kindAt(i);
            if (s == DROP) {
                table.removeAt(i);
            } else if (s == INT_STATE) {
                table.set(i, was, SlotKinds.INT, null, nextNumbers[i]);
            } else if (s == LONG_STATE) {
                table.set(i, was, SlotKinds.LONG, null, nextNumbers[i]);
            } else if (was != SlotKinds.OBJECT || !SameValue.same(table.heldAt(i), s)) {
                table.set(i, was, SlotKinds.OBJECT, s, 0);
            }
        }
    }
}
