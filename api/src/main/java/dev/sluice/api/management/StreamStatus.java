package dev.sluice.api.management;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.sluice.api.listener.BatchInfo;
import dev.sluice.api.listener.ReceiverInfo;

/**
 * What {@code stream:status} shows: the state, the arguments it runs with, the plugins it waits
 * for, batches done and failed, the latest batches with their delays, its receivers, the last error,
 * the version of each plugin it uses (by plugin, e.g. {@code operator 'split-words'}: the bundle
 * and version serving it), its live upgrades, oldest first, and, in a group of containers, the
 * group's members as {@code host/pid}, the one that runs it first.
 */
public record StreamStatus(String application, StreamState state, Map<String, String> arguments,
                           List<String> waitingFor, long batchesCompleted, long batchesFailed,
                           List<BatchInfo> recentBatches, List<ReceiverInfo> receivers, Optional<String> lastError,
                           Map<String, String> plugins, List<String> upgrades, List<String> group) {

    public StreamStatus {
        arguments = Map.copyOf(arguments);
        waitingFor = List.copyOf(waitingFor);
        recentBatches = List.copyOf(recentBatches);
        receivers = List.copyOf(receivers);
        plugins = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(plugins));
        upgrades = List.copyOf(upgrades);
        group = List.copyOf(group);
    }

    /** A status without plugin versions or upgrades. */
    public StreamStatus(String application, StreamState state, Map<String, String> arguments,
                        List<String> waitingFor, long batchesCompleted, long batchesFailed,
                        List<BatchInfo> recentBatches, List<ReceiverInfo> receivers, Optional<String> lastError) {
        this(application, state, arguments, waitingFor, batchesCompleted, batchesFailed, recentBatches, receivers,
                lastError, Map.of(), List.of(), List.of());
    }
}
