package dev.sluice.runtime.internal.operators.state;

import java.util.NoSuchElementException;
import java.util.Optional;
import dev.sluice.api.SluiceException;
import dev.sluice.api.State;

/**
 * One key's state during one call of the mapping function: what it read and set. One is used
 * for every call of a partition's batch, set to the key's state before each call. A state held in a
 * table slot is read from there only when the function asks for it, and not kept here: a count is
 * then boxed (and wrapped in an {@code Optional}) where the function reads it, where the compiler can
 * leave both out, rather than once per call into a field that outlives it.
 */
final class KeyState<S> implements State<S> {

    private S value;
    private boolean exists;
    private boolean timingOut;
    /** The table slot the state is still read from, until the function sets it; else null. */
    private StateTable<?, S> table;
    private int slot;

    /** The state of the next call's key. */
    KeyState<S> reset(S value, boolean exists, boolean timingOut) {
        this.value = value;
        this.exists = exists;
        this.timingOut = timingOut;
        this.table = null;
        return this;
    }

    /** The next call's key has the state held in slot {@code i} of {@code table}. */
    KeyState<S> inSlot(StateTable<?, S> table, int i, boolean timingOut) {
        this.value = null;
        this.exists = true;
        this.timingOut = timingOut;
        this.table = table;
        this.slot = i;
        return this;
    }

    /** The state, or null when there is none. */
    S value() {
        return exists ? held() : null;
    }

    /** Whether the function set or removed the state, rather than leaving it as it was in its slot. */
    boolean changed() {
        return table == null;
    }

    private S held() {
        return table != null ? table.stateAt(slot) : value;
    }

    @Override
    public boolean exists() {
        return exists;
    }

    @Override
    public S get() {
        if (!exists) {
            throw new NoSuchElementException("this key has no state; check exists() or use getOption()");
        }
        return held();
    }

    @Override
    public Optional<S> getOption() {
        return exists ? Optional.ofNullable(held()) : Optional.empty();
    }

    @Override
    public void update(S state) {
        if (timingOut) {
            throw new SluiceException("a timing-out key's state cannot be updated; it is removed after this call");
        }
        value = state;
        exists = true;
        table = null;
    }

    @Override
    public void remove() {
        value = null;
        exists = false;
        table = null;
    }

    @Override
    public boolean isTimingOut() {
        return timingOut;
    }
}
