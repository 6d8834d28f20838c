package dev.sluice.sink.files.internal;

import dev.sluice.api.SluiceException;
import java.io.UncheckedIOException;

/**
 * A batch could not be written; the message names the sink, the batch directory, the cause and the
 * space left there (a full disk is the usual cause on a machine that runs for weeks).
 */
final class FileOutputException extends SluiceException {

    private static final long serialVersionUID = 1L;

    FileOutputException(String message, Throwable cause) {
        super(message, cause);
    }

    static FileOutputException of(String what, Throwable failure, String space) {
        Throwable cause = unwrap(failure);
        return new FileOutputException(what + ": " + describe(cause) + " (" + space + ")", cause);
    }

    /**
     * Part tasks on the workers carry I/O errors unchecked, and Hadoop wraps checked exceptions in
     * plain RuntimeExceptions (e.g. a class it cannot load): the user needs to see what is inside.
     */
    private static Throwable unwrap(Throwable t) {
        while ((t instanceof UncheckedIOException || t.getClass() == RuntimeException.class) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** e.g. "IOException: No space left on device", "AccessControlException: Permission denied: ..." */
    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
