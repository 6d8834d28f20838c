package dev.sluice.api.management;

import java.time.Duration;
import java.util.Objects;

/**
 * A member's batch delays as its scheduler recorded them: the latest completed batch's scheduling
 * delay, processing time and total delay, and the largest of each over the batches completed in
 * the last {@link #WINDOW}.
 */
public record BatchDelays(Duration scheduling, Duration processing, Duration total, Duration maxScheduling,
                          Duration maxProcessing, Duration maxTotal) {

    /** The span the maxima cover. */
    public static final Duration WINDOW = Duration.ofMinutes(1);

    public BatchDelays {
        Objects.requireNonNull(scheduling);
        Objects.requireNonNull(processing);
        Objects.requireNonNull(total);
        Objects.requireNonNull(maxScheduling);
        Objects.requireNonNull(maxProcessing);
        Objects.requireNonNull(maxTotal);
    }
}
