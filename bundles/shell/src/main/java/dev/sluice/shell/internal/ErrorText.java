package dev.sluice.shell.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A failure as the one line a person reads in the terminal: Sluice's message, a command's usage
 * for arguments that do not fit it, never Gogo's internals.
 */
final class ErrorText {

    /** Gogo's answer to arguments that fit no signature of a command, e.g. {@code Cannot coerce status() to any of [(int, String)]}. */
    private static final Pattern WRONG_ARGUMENTS = Pattern.compile("Cannot coerce ([\\w.$-]+)\\(.*");

    private ErrorText() {
    }

    /** Sluice's own messages already name the problem and the fix, so they stand alone; so do others'. */
    static String of(Throwable failure) {
        Throwable t = unwrap(failure);
        String message = t.getMessage() == null || t.getMessage().isBlank() ? null : t.getMessage().strip();
        String text;
        Matcher wrongArguments = WRONG_ARGUMENTS.matcher(message == null ? "" : message);
        if (t instanceof IllegalArgumentException && wrongArguments.matches()) {
            String command = wrongArguments.group(1);
            text = Usage.ofSignatures(command, message)
                    .orElse("wrong arguments for " + command + "; see: help " + command);
        } else if (message != null) {
            text = message;
        } else {
            text = "the command failed without saying why (" + t.getClass().getSimpleName()
                    + "); log/sluice.log has the details";
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
}
