package dev.sluice.api.spi;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** What the runtime offers a running {@link Receiver}. Every method may be called from any thread. */
@ProviderType
public interface ReceiverContext<T> {

    /** Stores one record; it will be in the current or the next batch. */
    void store(T record);

    /** Stores records in order; returns once they are stored. Cheaper per record than {@link #store(Object)}. */
    void store(List<? extends T> records);

    /** Asks the runtime to stop this receiver and start it again after a back-off delay. */
    void restart(String reason, Throwable cause);

    /** Reports a problem that does not stop receiving; shown in the stream's status and logged. */
    void reportError(String message, Throwable cause);

    /** Reports what the receiver is doing, e.g. {@code connected}; shown in the stream's status. */
    void reportStatus(String status);

    /** Whether the receiver has been asked to stop; loops should end when this turns true. */
    boolean isStopped();
}
