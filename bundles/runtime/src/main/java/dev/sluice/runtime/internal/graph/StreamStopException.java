package dev.sluice.runtime.internal.graph;

import dev.sluice.api.SluiceException;

/** Thrown by an output operation whose failure must stop the stream, not just fail its batch. */
public final class StreamStopException extends SluiceException {

    private static final long serialVersionUID = 1L;

    public StreamStopException(String message, Throwable cause) {
        super(message, cause);
    }
}
