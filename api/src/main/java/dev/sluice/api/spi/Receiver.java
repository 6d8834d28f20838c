package dev.sluice.api.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives records from outside and stores them through its {@link ReceiverContext}. The runtime
 * supervises it: {@link #onStart} runs on a thread of its own and must return once receiving has
 * begun (start threads or asynchronous I/O there); after a failure or a call to
 * {@link ReceiverContext#restart} the runtime calls {@link #onStop}, waits with back-off and starts it again.
 */
@ConsumerType
public interface Receiver<T> {

    void onStart(ReceiverContext<T> context) throws Exception;

    /** Releases everything {@link #onStart} acquired; called once per successful or failed start. */
    void onStop();

    /** A short description for status and logs, e.g. {@code socket localhost:9999}. */
    default String description() {
        return getClass().getSimpleName();
    }
}
