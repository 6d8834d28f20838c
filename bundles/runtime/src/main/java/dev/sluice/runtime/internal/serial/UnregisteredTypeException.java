package dev.sluice.runtime.internal.serial;

import dev.sluice.api.SluiceException;

/** A record type that is not registered was to be written or read. */
public final class UnregisteredTypeException extends SluiceException {

    private static final long serialVersionUID = 1L;

    public UnregisteredTypeException(String message) {
        super(message);
    }
}
