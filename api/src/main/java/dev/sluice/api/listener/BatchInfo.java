package dev.sluice.api.listener;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.sluice.api.Time;

/**
 * One batch as the scheduler saw it. Times are wall-clock milliseconds; {@code -1} means "not yet".
 * Scheduling delay is the wait from the batch time until processing began, processing delay the
 * time its output operations took, and total delay the two together. {@code inputRecords} holds the
 * records each input stream (by id) gave the batch; {@code numRecords} is their sum.
 */
public record BatchInfo(long jobId, Time batchTime, long numRecords, long submissionTime,
                        long processingStartTime, long processingEndTime, List<OutputOperationInfo> outputOperations,
                        Map<Integer, Long> inputRecords) {

    public BatchInfo {
        outputOperations = List.copyOf(outputOperations);
        inputRecords = Map.copyOf(inputRecords);
    }

    /** A batch whose records are not told per input. */
    public BatchInfo(long jobId, Time batchTime, long numRecords, long submissionTime, long processingStartTime,
                     long processingEndTime, List<OutputOperationInfo> outputOperations) {
        this(jobId, batchTime, numRecords, submissionTime, processingStartTime, processingEndTime, outputOperations,
                Map.of());
    }

    public Optional<Duration> schedulingDelay() {
        return processingStartTime < 0 ? Optional.empty()
                : Optional.of(Duration.ofMillis(processingStartTime - batchTime.millis()));
    }

    public Optional<Duration> processingDelay() {
        return processingStartTime < 0 || processingEndTime < 0 ? Optional.empty()
                : Optional.of(Duration.ofMillis(processingEndTime - processingStartTime));
    }

    public Optional<Duration> totalDelay() {
        return processingEndTime < 0 ? Optional.empty()
                : Optional.of(Duration.ofMillis(processingEndTime - batchTime.millis()));
    }

    /** The first output operation that failed, if any. */
    public Optional<OutputOperationInfo> failure() {
        return outputOperations.stream().filter(o -> o.failure().isPresent()).findFirst();
    }
}
