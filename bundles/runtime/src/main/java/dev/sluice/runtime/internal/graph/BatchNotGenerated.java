package dev.sluice.runtime.internal.graph;

import dev.sluice.api.Time;

/**
 * A stream's dataset for one batch could not be made: a function that runs while the batch's jobs
 * are generated (as {@code transform}'s does) threw. The stream stands as empty in that batch, so
 * the streams reading it, state and windows included, go on as after an empty batch instead of
 * asking for the batch again later, when its input is gone; the outputs reading it fail that
 * batch with the cause.
 */
public final class BatchNotGenerated extends RuntimeException {

    BatchNotGenerated(String stream, Time time, RuntimeException cause) {
        super(stream + " could not be computed for batch " + time + " (" + cause
                + "); the streams after it take that batch as empty", cause);
    }
}
