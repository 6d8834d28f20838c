package dev.sluice.api.management;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.sluice.api.listener.BatchInfo;
import dev.sluice.api.listener.ReceiverInfo;

/**
 * What {@code stream:status} shows: the state, the arguments it runs with, the plugins it waits
 * for, batches done and failed, the latest batches with their delays, its receivers, the last
 * error, and its latest events (at most {@link #EVENTS}, oldest first).
 */
public record StreamStatus(String application, StreamState state, Map<String, String> arguments,
                           List<String> waitingFor, long batchesCompleted, long batchesFailed,
                           List<BatchInfo> recentBatches, List<ReceiverInfo> receivers, Optional<String> lastError,
                           List<StreamEvent> events) {

    /** How many of its latest events a stream keeps. */
    public static final int EVENTS = 200;

    public StreamStatus {
        arguments = Map.copyOf(arguments);
        waitingFor = List.copyOf(waitingFor);
        recentBatches = List.copyOf(recentBatches);
        receivers = List.copyOf(receivers);
        events = List.copyOf(events);
    }

    /** A status without events. */
    public StreamStatus(String application, StreamState state, Map<String, String> arguments, List<String> waitingFor,
                        long batchesCompleted, long batchesFailed, List<BatchInfo> recentBatches,
                        List<ReceiverInfo> receivers, Optional<String> lastError) {
        this(application, state, arguments, waitingFor, batchesCompleted, batchesFailed, recentBatches, receivers,
                lastError, List.of());
    }
}
