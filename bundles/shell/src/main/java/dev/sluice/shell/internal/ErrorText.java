package dev.sluice.shell.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.sluice.api.SluiceException;

/** A failure as the one line a person reads in the terminal. */
final class ErrorText {

    /** Gogo's answer to arguments that fit no signature of a command, e.g. {@code Cannot coerce status() to any of [(int, String)]}. */
    private static final Pattern WRONG_ARGUMENTS = Pattern.compile("Cannot coerce ([\\w.$-]+)\\(.*");

    private ErrorText() {
    }

    /**
     * Sluice's own messages already name the problem and the fix, so they stand alone; anything
     * else (Gogo's errors, bugs) keeps its type, which is often the only hint there is.
     */
    static String of(Throwable failure) {
        Throwable t = unwrap(failure);
        String message = t.getMessage() == null || t.getMessage().isBlank() ? null : t.getMessage().strip();
        String text;
        Matcher wrongArguments = WRONG_ARGUMENTS.matcher(message == null ? "" : message);
        if (t instanceof IllegalArgumentException && wrongArguments.matches()) {
            String command = wrongArguments.group(1);
            text = "wrong arguments for " + command + " (" + message + "); see: help " + command;
        } else if (t instanceof SluiceException || isGogoCommandNotFound(t)) {
            text = message == null ? t.getClass().getSimpleName() : message;
        } else {
            text = message == null ? t.getClass().getName() : t.getClass().getSimpleName() + ": " + message;
        }
        return text.replaceAll("\\s*\\R\\s*", " ");
    }

    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while (current.getCause() != null && current.getCause() != current
                && (current.getMessage() == null || current.getMessage().equals(current.getCause().toString()))) {
            current = current.getCause();
        }
        return current;
    }

    private static boolean isGogoCommandNotFound(Throwable t) {
        return t.getClass().getName().equals("org.apache.felix.gogo.runtime.CommandNotFoundException");
    }
}
