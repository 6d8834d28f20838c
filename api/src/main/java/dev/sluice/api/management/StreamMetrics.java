package dev.sluice.api.management;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import dev.sluice.api.listener.BatchInfo;

/**
 * A stream's figures for monitoring systems, named as Spark's streaming source names them: batches
 * completed, records received (in submitted batches) and processed (in completed ones), batches not
 * yet processed, waiting to start and running, the last completed and the last received batch, and
 * the retained completed batches, oldest first, that charts draw (at most {@link #RETAINED}); and
 * Sluice's own: each input's rate (and lag where its source tells), and the latest checkpoint's
 * duration and size.
 */
public record StreamMetrics(String application, StreamState state, Optional<Duration> batchInterval,
                            int receivers, int activeReceivers, long totalCompletedBatches, long totalFailedBatches,
                            long totalReceivedRecords, long totalProcessedRecords, int waitingBatches,
                            int runningBatches, Optional<BatchInfo> lastCompletedBatch,
                            Optional<BatchInfo> lastReceivedBatch, List<BatchInfo> retainedCompletedBatches,
                            List<InputMetrics> inputs, Optional<CheckpointMetrics> lastCheckpoint) {

    /** How many completed batches a stream keeps for its charts. */
    public static final int RETAINED = 1000;

    /** How many of the latest completed batches an input's rate is taken over. */
    public static final int RATE_BATCHES = 10;

    public StreamMetrics {
        retainedCompletedBatches = List.copyOf(retainedCompletedBatches);
        inputs = List.copyOf(inputs);
    }

    /** A stream's figures without inputs or a checkpoint: one that does not run. */
    public StreamMetrics(String application, StreamState state, Optional<Duration> batchInterval, int receivers,
                         int activeReceivers, long totalCompletedBatches, long totalFailedBatches,
                         long totalReceivedRecords, long totalProcessedRecords, int waitingBatches, int runningBatches,
                         Optional<BatchInfo> lastCompletedBatch, Optional<BatchInfo> lastReceivedBatch,
                         List<BatchInfo> retainedCompletedBatches) {
        this(application, state, batchInterval, receivers, activeReceivers, totalCompletedBatches, totalFailedBatches,
                totalReceivedRecords, totalProcessedRecords, waitingBatches, runningBatches, lastCompletedBatch,
                lastReceivedBatch, retainedCompletedBatches, List.of(), Optional.empty());
    }

    /** Batches submitted and not completed: those waiting and those running. */
    public int unprocessedBatches() {
        return waitingBatches + runningBatches;
    }
}
