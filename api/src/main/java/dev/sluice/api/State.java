package dev.sluice.api;

import java.util.NoSuchElementException;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** One key's state as a {@link StateSpec}'s mapping function sees it: read it, update it, or remove it. */
@ProviderType
public interface State<S> {

    boolean exists();

    /** The state; throws {@link NoSuchElementException} if the key has none. */
    S get();

    Optional<S> getOption();

    void update(S state);

    void remove();

    /**
     * Whether the key is being called because it timed out (no data for the spec's timeout); its
     * state is removed after this call and cannot be updated.
     */
    boolean isTimingOut();
}
