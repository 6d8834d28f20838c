package dev.sluice.api.management;

import java.util.List;
import dev.sluice.api.Config;
import dev.sluice.api.spi.Parameter;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The container's streams: one per registered application. Errors (unknown application, bad
 * argument) are {@link dev.sluice.api.SluiceException}s whose message says what exists.
 */
@ProviderType
public interface StreamManager {

    List<StreamSummary> list();

    /** Starts {@code application} with {@code args}; it may wait for plugins (see {@link StreamStatus#waitingFor()}). */
    StreamStatus start(String application, Config args);

    /** Stops {@code application}'s stream at once; with a checkpoint, its next start recovers what was not done. */
    default StreamStatus stop(String application) {
        return stop(application, false);
    }

    /**
     * Stops {@code application}'s stream; {@code gracefully}: stops receiving, finishes the batches
     * of what was received and their outputs, writes a final checkpoint, then stops.
     */
    StreamStatus stop(String application, boolean gracefully);

    /** The latest checkpoint of {@code application}'s stream, and where its checkpoints go. */
    CheckpointStatus checkpoint(String application);

    StreamStatus status(String application);

    /** {@code application}'s figures for monitoring: batch counts, records, delays, recent batches. */
    StreamMetrics metrics(String application);

    /** {@code application}'s DStream graph while it has one: its streams, their parents, and its outputs. */
    StreamGraph graph(String application);

    List<PluginDescription> plugins();

    /**
     * A stream held because the new version of its code does not fit its state: drops the state
     * that version has no fitting operator for, and goes on with it. A stream not held is refused.
     */
    default StreamStatus discardState(String application) {
        throw new UnsupportedOperationException("discarding state is not offered here");
    }

    /**
     * The keys every application takes besides its own (batch interval, parallelism, checkpoint,
     * ...), with their defaults and a line of help, for the shell's help on an application.
     */
    default List<Parameter> contextKeys() {
        return List.of();
    }
}
