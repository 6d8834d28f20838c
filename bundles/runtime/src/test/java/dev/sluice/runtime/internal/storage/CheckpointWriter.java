package dev.sluice.runtime.internal.storage;

import dev.sluice.api.Time;
import java.time.Duration;
import java.util.List;

/**
 * A process that writes checkpoints and exits: {@code CheckpointWriter DIRECTORY COUNT} opens the
 * directory, writes COUNT checkpoints, each with a state file, and prints the last one's file.
 */
public final class CheckpointWriter {

    private CheckpointWriter() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[1]);
        try (var store = CheckpointStore.open(args[0], "writer", Duration.ofSeconds(10), lost -> { })) {
            for (int i = 0; i < count; i++) {
                Time time = new Time(1000L * (i + 1));
                String state = store.writeState("total", time, List.of(new byte[] {1, 2, 3}));
                store.write(new Checkpoint(i, "writer", Duration.ofSeconds(1), new Time(0), time, time, List.of(),
                        List.of(new Checkpoint.Operator("total", "updateStateByKey")),
                        List.of(new Checkpoint.StateRef("total", "updateStateByKey", time, state)), time, List.of()));
            }
            System.out.println("wrote " + CheckpointStore.fileName(count - 1));
        }
    }
}
