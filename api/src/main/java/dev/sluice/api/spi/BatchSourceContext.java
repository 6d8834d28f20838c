package dev.sluice.api.spi;

import dev.sluice.api.Time;
import java.time.Duration;
import java.util.OptionalDouble;
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

    /**
     * With backpressure on ({@code backpressure.enabled}), the records per second the stream should
     * take now so that its batches keep up, set from each completed batch's delays and the records
     * it took: a batch takes at most this times the batch interval. Empty without backpressure (or
     * before a first estimate, without {@code backpressure.initialRate}).
     */
    default OptionalDouble maxRate() {
        return OptionalDouble.empty();
    }

    /** How many records the batch at {@code batchTime} takes, once the source knows (e.g. when it polls): for backpressure and the batch's record count. */
    default void reportRecords(Time batchTime, long records) {
    }

    /**
     * Reports how many records are waiting upstream beyond what the batches have taken, as of the
     * latest poll: e.g. a Kafka stream's lag behind the end of its partitions. Shown with the
     * stream's inputs and scraped as a metric, so that a stream falling behind is seen.
     */
    default void reportLag(long records) {
    }

    /** Reports a problem that does not stop the stream, e.g. a file that cannot be read; logged and shown in status. */
    void reportError(String message, Throwable cause);

    /** Reports what the source is doing, e.g. {@code 3 new files}; shown in the stream's status. */
    void reportStatus(String status);
}
