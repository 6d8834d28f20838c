package dev.sluice.api;

/** Root of every error Sluice reports; messages name the problem and the fix. */
public class SluiceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SluiceException(String message) {
        super(message);
    }

    public SluiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
