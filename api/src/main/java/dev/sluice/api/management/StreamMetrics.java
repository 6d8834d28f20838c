package dev.sluice.api.management;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import dev.sluice.api.listener.BatchInfo;

/**
 * A stream's figures for monitoring systems, named as Spark's streaming source names them: batches
 * completed, records received (in submitted batches) and processed (in completed ones), batches not
 * yet processed, waiting to start and running, the last completed and the last received batch, and
 * the retained completed batches, oldest first, that charts draw (at most {@link #RETAINED}).
 */
public record StreamMetrics(String application, StreamState state, Optional<Duration> batchInterval,
                            int receivers, int activeReceivers, long totalCompletedBatches, long totalFailedBatches,
                            long totalReceivedRecords, long totalProcessedRecords, int waitingBatches,
                            int runningBatches, Optional<BatchInfo> lastCompletedBatch,
                            Optional<BatchInfo> lastReceivedBatch, List<BatchInfo> retainedCompletedBatches) {

    /** How many completed batches a stream keeps for its charts. */
    public static final int RETAINED = 1000;

    public StreamMetrics {
        retainedCompletedBatches = List.copyOf(retainedCompletedBatches);
    }

    /** Batches submitted and not completed: those waiting and those running. */
    public int unprocessedBatches() {
        return waitingBatches + runningBatches;
    }
}
