package dev.sluice.runtime.internal.lifecycle;

import dev.sluice.api.SluiceException;

/** A new version of a stream's code does not fit its state: the stream holds, running the old version no more. */
public final class UpgradeRefusedException extends SluiceException {

    public UpgradeRefusedException(String message) {
        super(message);
    }
}
