package dev.sluice.sink.files.internal;

import dev.sluice.api.SluiceException;
import java.io.UncheckedIOException;

/** A batch could not be written; the message names the sink, the batch directory and the cause. */
final class FileOutputException extends SluiceException {

    private static final long serialVersionUID = 1L;

    FileOutputException(String message, Throwable cause) {
        super(message, cause);
    }

    static FileOutputException of(String what, Throwable failure) {
        Throwable cause = unwrap(failure);
        return new FileOutputException(what + ": " + describe(cause), cause);
    }

    /** Part tasks on the workers carry I/O errors unchecked; the user needs to see the I/O error. */
    private static Throwable unwrap(Throwable t) {
        return t instanceof UncheckedIOException && t.getCause() != null ? t.getCause() : t;
    }

    /** e.g. "IOException: No space left on device", "AccessControlException: Permission denied: ..." */
    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
