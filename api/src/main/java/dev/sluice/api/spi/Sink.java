package dev.sluice.api.spi;

import dev.sluice.api.Dataset;
import dev.sluice.api.Time;
import org.osgi.annotation.versioning.ConsumerType;

/** Receives every batch of one output operation, in batch order, on the stream's job thread. */
@ConsumerType
public interface Sink<T> {

    /** Writes one batch; throwing fails this batch's output operation only. */
    void write(Dataset<T> batch, Time time) throws Exception;

    /** Called once when the stream stops. */
    default void close() {
    }
}
