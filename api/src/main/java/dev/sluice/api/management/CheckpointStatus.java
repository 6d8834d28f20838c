package dev.sluice.api.management;

import dev.sluice.api.Time;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code stream:checkpoint} shows: where a stream's checkpoints go, and the latest one: its
 * file, the latest batch it records, the last completed batch (a recovery runs the batches after
 * it), the batches pending, and each stateful operator's state with its batch time.
 */
public record CheckpointStatus(String application, Optional<String> directory, Optional<String> file,
                               Optional<Time> batchTime, Optional<Time> lastCompleted, List<Time> pending,
                               Map<String, Time> states, Optional<String> lastError) {

    public CheckpointStatus {
        pending = List.copyOf(pending);
        states = Map.copyOf(states);
    }

    /** A stream without a checkpoint directory. */
    public static CheckpointStatus none(String application) {
        return new CheckpointStatus(application, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(), Map.of(), Optional.empty());
    }
}
