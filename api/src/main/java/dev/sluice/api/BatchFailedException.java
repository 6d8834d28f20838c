package dev.sluice.api;

/** A batch's job failed, typically because a user function threw; the stream goes on with the next batch. */
public class BatchFailedException extends SluiceException {

    private static final long serialVersionUID = 1L;

    public BatchFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
