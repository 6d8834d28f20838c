package dev.sluice.runtime.internal.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.sluice.runtime.internal.storage.CheckpointLease;
import java.util.stream.Stream;

/**
 * A copy of a checkpoint directory as a crash would leave it: taken while the context that writes
 * it is frozen (blocked in a batch), so the recovered context and the frozen one never share files.
 * The frozen context's lease is left out: it names this process, which is alive, while a crashed
 * holder's lease is taken over at once (see CheckpointLeaseTest).
 */
final class CrashImage {

    private CrashImage() {
    }

    static Path of(Path checkpoint, Path into) throws IOException {
        try (Stream<Path> files = Files.walk(checkpoint)) {
            for (Path f : files.filter(f -> !f.equals(checkpoint.resolve(CheckpointLease.FILE))).toList()) {
                Path target = into.resolve(checkpoint.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        return into;
    }
}
