package dev.sluice.runtime.internal.operators.state;

import java.util.NoSuchElementException;
import java.util.Optional;
import dev.sluice.api.SluiceException;
import dev.sluice.api.State;

/**
 * One key's state during one call of the mapping function: what it read and set. One is used
 * for every call of a partition's batch, set to the key's state before each call.
 */
final class KeyState<S> implements State<S> {

    private S value;
    private boolean exists;
    private boolean timingOut;

    /** The state of the next call's key. */
    KeyState<S> reset(S value, boolean exists, boolean timingOut) {
        this.value = value;
        this.exists = exists;
        this.timingOut = timingOut;
        return this;
    }

    /** The state, or null when there is none. */
    S value() {
        return exists ? value : null;
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
        return value;
    }

    @Override
    public Optional<S> getOption() {
        return exists ? Optional.ofNullable(value) : Optional.empty();
    }

    @Override
    public void update(S state) {
        if (timingOut) {
            throw new SluiceException("a timing-out key's state cannot be updated; it is removed after this call");
        }
        value = state;
        exists = true;
    }

    @Override
    public void remove() {
        value = null;
        exists = false;
    }

    @Override
    public boolean isTimingOut() {
        return timingOut;
    }
}
