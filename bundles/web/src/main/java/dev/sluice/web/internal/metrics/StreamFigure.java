package dev.sluice.web.internal.metrics;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import dev.sluice.api.listener.BatchInfo;
import dev.sluice.api.management.CheckpointMetrics;
import dev.sluice.api.management.StreamMetrics;

/**
 * One number of a stream for monitoring systems, named as Spark's streaming source names it, so
 * that dashboards made for Spark Streaming read Sluice too. Times are epoch milliseconds and
 * delays milliseconds; a figure of a batch there is not yet is -1, as in Spark. The checkpoint
 * figures are Sluice's own.
 */
public enum StreamFigure {
    receivers("receivers of the stream", m -> m.receivers()),
    activeReceivers("receivers running now", m -> m.activeReceivers()),
    batchInterval("the batch interval in milliseconds, -1 when the stream does not run",
            m -> m.batchInterval().map(Duration::toMillis).orElse(-1L)),
    totalCompletedBatches("batches completed since the stream started", StreamMetrics::totalCompletedBatches),
    totalFailedBatches("completed batches with a failed output operation", StreamMetrics::totalFailedBatches),
    retainedCompletedBatches("completed batches kept for charts", m -> m.retainedCompletedBatches().size()),
    totalReceivedRecords("records in the batches submitted so far", StreamMetrics::totalReceivedRecords),
    totalProcessedRecords("records in the batches completed so far", StreamMetrics::totalProcessedRecords),
    unprocessedBatches("batches submitted and not completed", StreamMetrics::unprocessedBatches),
    waitingBatches("batches submitted and not started", StreamMetrics::waitingBatches),
    runningBatches("batches being processed", StreamMetrics::runningBatches),
    lastCompletedBatch_submissionTime("when the last completed batch was submitted",
            completed(BatchInfo::submissionTime)),
    lastCompletedBatch_processingStartTime("when the last completed batch began processing",
            completed(BatchInfo::processingStartTime)),
    lastCompletedBatch_processingEndTime("when the last completed batch ended",
            completed(BatchInfo::processingEndTime)),
    lastCompletedBatch_processingDelay("how long the last completed batch took to process, ms",
            completedDelay(BatchInfo::processingDelay)),
    lastCompletedBatch_schedulingDelay("how long the last completed batch waited to start, ms",
            completedDelay(BatchInfo::schedulingDelay)),
    lastCompletedBatch_totalDelay("from the last completed batch's time to its end, ms",
            completedDelay(BatchInfo::totalDelay)),
    lastReceivedBatch_submissionTime("when the last submitted batch was submitted", received(BatchInfo::submissionTime)),
    lastReceivedBatch_processingStartTime("when the last submitted batch began processing",
            received(BatchInfo::processingStartTime)),
    lastReceivedBatch_processingEndTime("when the last submitted batch ended", received(BatchInfo::processingEndTime)),
    lastReceivedBatch_records("records in the last submitted batch", received(BatchInfo::numRecords)),
    lastCheckpoint_batchTime("the batch time the latest checkpoint records",
            m -> m.lastCheckpoint().map(c -> c.batchTime().millis()).orElse(-1L)),
    lastCheckpoint_duration("how long the latest checkpoint took to serialize and write, ms",
            m -> m.lastCheckpoint().map(CheckpointMetrics::durationMillis).orElse(-1L)),
    lastCheckpoint_size("bytes written for the latest checkpoint, its state files included",
            m -> m.lastCheckpoint().map(CheckpointMetrics::bytes).orElse(-1L));

    private final String description;
    private final ToLongFunction<StreamMetrics> value;

    StreamFigure(String description, ToLongFunction<StreamMetrics> value) {
        this.description = description;
        this.value = value;
    }

    public String description() {
        return description;
    }

    public long of(StreamMetrics metrics) {
        return value.applyAsLong(metrics);
    }

    private static ToLongFunction<StreamMetrics> completed(ToLongFunction<BatchInfo> f) {
        return m -> m.lastCompletedBatch().map(f::applyAsLong).orElse(-1L);
    }

    private static ToLongFunction<StreamMetrics> received(ToLongFunction<BatchInfo> f) {
        return m -> m.lastReceivedBatch().map(f::applyAsLong).orElse(-1L);
    }

    private static ToLongFunction<StreamMetrics> completedDelay(Function<BatchInfo, Optional<Duration>> delay) {
        return m -> m.lastCompletedBatch().flatMap(delay).map(Duration::toMillis).orElse(-1L);
    }
}
