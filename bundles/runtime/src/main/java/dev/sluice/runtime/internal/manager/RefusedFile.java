package dev.sluice.runtime.internal.manager;

import dev.sluice.api.SluiceException;
import dev.sluice.api.management.CheckpointStatus;
import dev.sluice.api.management.StreamGraph;
import dev.sluice.api.management.StreamMetrics;
import dev.sluice.api.management.StreamState;
import dev.sluice.api.management.StreamStatus;
import dev.sluice.api.management.StreamSummary;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A declared stream's file that could not be declared: listed as a FAILED entry named after the
 * file, with its one-line error, so a bad file is seen where streams are, until it is fixed or deleted.
 */
record RefusedFile(String entry, String error) {

    StreamSummary summary() {
        return new StreamSummary(entry, StreamState.FAILED, error);
    }

    StreamStatus status() {
        return new StreamStatus(entry, StreamState.FAILED, Map.of(), List.of(), 0, 0, List.of(), List.of(),
                Optional.of(error));
    }

    StreamMetrics metrics() {
        return new StreamMetrics(entry, StreamState.FAILED, Optional.empty(), 0, 0, 0, 0, 0, 0, 0, 0,
                Optional.empty(), Optional.empty(), List.of());
    }

    StreamGraph graph() {
        return new StreamGraph(entry, List.of(), List.of());
    }

    CheckpointStatus checkpoint() {
        return CheckpointStatus.none(entry);
    }

    /** Starting or stopping it means nothing: the file is what to change. */
    SluiceException notAStream() {
        return new SluiceException(entry + " is a declared stream's file that was refused (" + error
                + "); fix the file or delete it");
    }
}
