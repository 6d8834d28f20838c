package dev.sluice.api.management;

import java.time.Duration;
import java.util.List;
import dev.sluice.api.Time;

/**
 * A batch that has run longer than {@code batch.stuckAfter} batch intervals: the output operation
 * it is in, how long the batch has run, what {@code batch.onStuck} does about it, how many batches
 * fell due meanwhile and wait behind it, and the stack of every thread working on it.
 *
 * @param stage the output operation the batch is in, e.g. {@code output 2 (foreach)}
 * @param threads each thread's name followed by its stack, one frame a line
 */
public record StuckBatch(Time batch, String stage, Duration runningFor, String policy, long queuedBatches,
                         List<String> threads) {

    public StuckBatch {
        threads = List.copyOf(threads);
    }
}
