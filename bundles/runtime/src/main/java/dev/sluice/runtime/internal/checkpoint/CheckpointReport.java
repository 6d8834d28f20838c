package dev.sluice.runtime.internal.checkpoint;

import dev.sluice.api.Time;
import dev.sluice.api.management.CheckpointStatus;
import dev.sluice.runtime.internal.storage.Checkpoint;
import dev.sluice.runtime.internal.storage.CheckpointStore;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** What {@code stream:checkpoint} shows: a running stream's latest checkpoint, or the newest readable one on disk. */
public final class CheckpointReport {

    private CheckpointReport() {
    }

    /** The latest checkpoint the running stream wrote. */
    public static CheckpointStatus of(String application, Checkpointer checkpointer) {
        return status(application, checkpointer.directory(), checkpointer.latest(), checkpointer.lastError());
    }

    /** The newest readable checkpoint in {@code directory}, read without changing anything there. */
    public static CheckpointStatus read(String application, String directory) {
        try (CheckpointStore store = CheckpointStore.openForReading(directory)) {
            var entries = store.list();
            Optional<Checkpoint> newest = entries.stream().filter(CheckpointStore.Entry::readable)
                    .map(CheckpointStore.Entry::checkpoint).findFirst();
            Optional<String> problem = entries.isEmpty() || entries.get(0).readable() ? Optional.empty()
                    : Optional.of(entries.get(0).file() + ": " + entries.get(0).error());
            return status(application, store.directory(), newest, problem);
        } catch (IOException | RuntimeException e) {
            return status(application, directory, Optional.empty(), Optional.of(e.getMessage()));
        }
    }

    private static CheckpointStatus status(String application, String directory, Optional<Checkpoint> latest,
                                           Optional<String> error) {
        var states = new TreeMap<String, Time>();
        latest.ifPresent(c -> c.states().forEach(s -> states.putIfAbsent(s.name(), s.time()))); // newest first
        return new CheckpointStatus(application, Optional.of(directory),
                latest.map(c -> CheckpointStore.fileName(c.sequence())), latest.map(Checkpoint::time),
                latest.map(Checkpoint::lastCompleted), latest.map(Checkpoint::pending).orElse(List.of()), states, error);
    }
}
