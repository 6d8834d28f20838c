package dev.sluice.api.management;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import dev.sluice.api.listener.BatchInfo;
import dev.sluice.api.listener.ReceiverInfo;

/**
 * What {@code stream:status} shows: the state, the arguments it runs with, the plugins it waits
 * for, batches done and failed, the latest batches with their delays, its receivers, the last error,
 * the version of each plugin it uses (by plugin, e.g. {@code operator 'split-words'}: the bundle
 * and version serving it), its live upgrades, oldest first, in a group of containers the group's
 * members as {@code host/pid} (the one that runs it first), the running batch if it is stuck, its
 * latest events (at most {@link #EVENTS}, oldest first), and in a group the group's view: every
 * member's role, partitions, latest batch and delays, as the members report them.
 */
public record StreamStatus(String application, StreamState state, Map<String, String> arguments,
                           List<String> waitingFor, long batchesCompleted, long batchesFailed,
                           List<BatchInfo> recentBatches, List<ReceiverInfo> receivers, Optional<String> lastError,
                           Map<String, String> plugins, List<String> upgrades, List<String> group,
                           Optional<StuckBatch> stuck, List<StreamEvent> events, Optional<GroupView> groupView) {

    /** How many of its latest events a stream keeps. */
    public static final int EVENTS = 200;

    public StreamStatus {
        arguments = Map.copyOf(arguments);
        waitingFor = List.copyOf(waitingFor);
        recentBatches = List.copyOf(recentBatches);
        receivers = List.copyOf(receivers);
        plugins = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(plugins));
        upgrades = List.copyOf(upgrades);
        group = List.copyOf(group);
        events = List.copyOf(events);
        Objects.requireNonNull(groupView);
    }

    /** A status without the group's view. */
    public StreamStatus(String application, StreamState state, Map<String, String> arguments,
                        List<String> waitingFor, long batchesCompleted, long batchesFailed,
                        List<BatchInfo> recentBatches, List<ReceiverInfo> receivers, Optional<String> lastError,
                        Map<String, String> plugins, List<String> upgrades, List<String> group,
                        Optional<StuckBatch> stuck, List<StreamEvent> events) {
        this(application, state, arguments, waitingFor, batchesCompleted, batchesFailed, recentBatches, receivers,
                lastError, plugins, upgrades, group, stuck, events, Optional.empty());
    }

    /** A status outside a group, with no stuck batch and no events. */
    public StreamStatus(String application, StreamState state, Map<String, String> arguments,
                        List<String> waitingFor, long batchesCompleted, long batchesFailed,
                        List<BatchInfo> recentBatches, List<ReceiverInfo> receivers, Optional<String> lastError,
                        Map<String, String> plugins, List<String> upgrades) {
        this(application, state, arguments, waitingFor, batchesCompleted, batchesFailed, recentBatches, receivers,
                lastError, plugins, upgrades, List.of(), Optional.empty(), List.of());
    }

    /** A status with events, and without plugin versions, upgrades, group or stuck batch. */
    public StreamStatus(String application, StreamState state, Map<String, String> arguments, List<String> waitingFor,
                        long batchesCompleted, long batchesFailed, List<BatchInfo> recentBatches,
                        List<ReceiverInfo> receivers, Optional<String> lastError, List<StreamEvent> events) {
        this(application, state, arguments, waitingFor, batchesCompleted, batchesFailed, recentBatches, receivers,
                lastError, Map.of(), List.of(), List.of(), Optional.empty(), events);
    }

    /** A status without plugin versions, upgrades, group, stuck batch or events. */
    public StreamStatus(String application, StreamState state, Map<String, String> arguments,
                        List<String> waitingFor, long batchesCompleted, long batchesFailed,
                        List<BatchInfo> recentBatches, List<ReceiverInfo> receivers, Optional<String> lastError) {
        this(application, state, arguments, waitingFor, batchesCompleted, batchesFailed, recentBatches, receivers,
                lastError, List.of());
    }
}
