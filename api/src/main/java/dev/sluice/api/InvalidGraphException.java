package dev.sluice.api;

/** The DStream graph cannot run as built: a bad duration, no output operation, a started context. */
public class InvalidGraphException extends SluiceException {

    private static final long serialVersionUID = 1L;

    public InvalidGraphException(String message) {
        super(message);
    }
}
