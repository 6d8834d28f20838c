package dev.sluice.api.spi;

import dev.sluice.api.Time;
import java.time.Duration;
import org.osgi.annotation.versioning.ProviderType;

/** What the runtime offers a running {@link BatchSource}. Every method may be called from any thread. */
@ProviderType
public interface BatchSourceContext {

    Duration batchInterval();

    /** The time of the first batch the source will be polled for. */
    Time firstBatchTime();

    /**
     * When the stream started, by the runtime's clock: data that was there before it (a file
     * modified earlier) is old. Between the batch before the first one and the first batch.
     */
    Time startTime();

    /** Reports a problem that does not stop the stream, e.g. a file that cannot be read; logged and shown in status. */
    void reportError(String message, Throwable cause);

    /** Reports what the source is doing, e.g. {@code 3 new files}; shown in the stream's status. */
    void reportStatus(String status);
}
