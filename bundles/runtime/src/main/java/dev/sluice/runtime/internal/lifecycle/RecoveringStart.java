package dev.sluice.runtime.internal.lifecycle;

import dev.sluice.api.Config;
import dev.sluice.api.InvalidGraphException;
import dev.sluice.api.SluiceException;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.checkpoint.Checkpointer;
import dev.sluice.runtime.internal.checkpoint.Recovery;
import dev.sluice.runtime.internal.checkpoint.RecoveryPlan;
import dev.sluice.runtime.internal.settings.ContextSettings;
import dev.sluice.runtime.internal.storage.BlockLogs;
import dev.sluice.runtime.internal.storage.CheckpointStore;
import dev.sluice.runtime.internal.storage.WriteAheadLogs;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoint directory's part in a start: the recovery plan read from it, the receivers'
 * write-ahead logs under it, and the checkpointer that writes the new run's checkpoints. Without
 * a directory, none of these.
 */
final class RecoveringStart {

    private static final Logger LOG = LoggerFactory.getLogger(RecoveringStart.class);

    private final StreamRun.Parts parts;
    private final String directory;
    private final Config config;
    private CheckpointStore store;

    private final java.util.function.Consumer<String> lost;

    /** {@code lost} is told when another stream takes the directory over while this one runs. */
    RecoveringStart(StreamRun.Parts parts, String directory, java.util.function.Consumer<String> lost) {
        this.parts = parts;
        this.lost = lost;
        this.directory = directory;
        this.config = parts.settings().config();
    }

    /** What to recover from the newest usable checkpoint, if there is one. */
    Optional<RecoveryPlan> plan(long now) {
        if (directory == null) {
            if (!parts.graph().statefulNodes().isEmpty()) {
                LOG.warn("Stream {} keeps state ({}) but has no checkpoint directory: its state is lost if the"
                        + " process stops; set one with ssc.checkpoint(directory)", parts.settings().appName(),
                        parts.graph().statefulNodes().get(0).name());
            }
            return Optional.empty();
        }
        open();
        try {
            return new Recovery(store, parts.graph(), parts.serialization()::serializer, parts.pool())
                    .recover(Recovery.Mode.of(config), new Time(now));
        } catch (IOException e) {
            throw new SluiceException("cannot read the checkpoints in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** At a live upgrade: the directory is taken again (the paused run let it go), and nothing is read back. */
    void reopen() {
        if (directory != null) {
            open();
        }
    }

    private void open() {
        store = CheckpointStore.open(directory, parts.settings().appName(),
                ContextSettings.CHECKPOINT_LEASE_TIMEOUT.get(config), lost);
    }

    /** The receivers' write-ahead logs: under the checkpoint directory if there is one. */
    BlockLogs openLogs() {
        boolean all = ContextSettings.WRITE_AHEAD_LOG.get(config);
        if (directory == null) {
            if (all) {
                throw new InvalidGraphException(ContextSettings.WRITE_AHEAD_LOG.key() + "=true writes received"
                        + " blocks under the checkpoint directory; set one with ssc.checkpoint(directory)");
            }
            return BlockLogs.NONE;
        }
        return WriteAheadLogs.open(directory, all, ContextSettings.WRITE_AHEAD_LOG_ROLL.get(config).toMillis(),
                parts.clock());
    }

    /** The writer of this run's checkpoints, going on from {@code plan}; it owns the store from here. */
    Optional<Checkpointer> checkpointer(Optional<RecoveryPlan> plan) {
        if (store == null) {
            return Optional.empty();
        }
        var checkpointer = new Checkpointer(store, parts.graph(), parts.settings().appName(),
                parts.serialization()::serializer, parts.execution(), parts.threadPrefix());
        try {
            checkpointer.begin(plan, store.lastSequence());
        } catch (IOException e) {
            throw new SluiceException("cannot list the checkpoints in " + directory + ": " + e.getMessage(), e);
        }
        store = null;
        return Optional.of(checkpointer);
    }

    /** Closes the store if no checkpointer took it, after a failed start. */
    void close() {
        if (store != null) {
            store.close();
        }
    }
}
