package dev.sluice.source.files.internal;

import dev.sluice.api.Time;
import dev.sluice.api.spi.BatchSourceContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A batch source context that keeps what the source reports. */
final class RecordingContext implements BatchSourceContext {

    final List<String> errors = new CopyOnWriteArrayList<>();
    final List<Throwable> causes = new CopyOnWriteArrayList<>();
    volatile String status = "";
    private final Duration batchInterval;
    private final Time firstBatchTime;

    RecordingContext(Duration batchInterval, Time firstBatchTime) {
        this.batchInterval = batchInterval;
        this.firstBatchTime = firstBatchTime;
    }

    @Override
    public Duration batchInterval() {
        return batchInterval;
    }

    @Override
    public Time firstBatchTime() {
        return firstBatchTime;
    }

    /** The stream started one interval before its first batch, as on a clock aligned to the interval. */
    @Override
    public Time startTime() {
        return new Time(firstBatchTime.millis() - batchInterval.toMillis());
    }

    @Override
    public void reportError(String message, Throwable cause) {
        errors.add(message);
        if (cause != null) {
            causes.add(cause);
        }
    }

    @Override
    public void reportStatus(String status) {
        this.status = status;
    }
}
