package dev.sluice.api.spi;

import dev.sluice.api.StorageLevel;
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

    /**
     * How the runtime keeps what this receiver stores until its batch is done (the stream's
     * {@code storageLevel} setting overrides it). Serialized and spilling to disk by default.
     */
    default StorageLevel storageLevel() {
        return StorageLevel.MEMORY_AND_DISK_SER;
    }

    /** A short description for status and logs, e.g. {@code socket localhost:9999}. */
    default String description() {
        return getClass().getSimpleName();
    }
}
