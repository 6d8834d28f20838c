package dev.sluice.runtime.internal.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.Pair;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.Time;
import dev.sluice.api.listener.BatchInfo;
import dev.sluice.runtime.internal.storage.CheckpointStore;
import dev.sluice.runtime.testkit.FullDiskFileSystem;
import dev.sluice.runtime.testkit.StreamTestKit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint directory whose disk fills up (a fault-injecting file system: a really full one
 * needs root here): checkpoint writes fail naming the file and the space left, nothing half
 * written stays, the stream runs on with its last good checkpoint, and checkpoints again by itself
 * once there is space.
 */
class FullDiskCheckpointTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    @Test
    void aFullDiskFailsCheckpointsWithThePathAndFreeSpaceWhileTheStreamRunsOnAndCheckpointsAgainOnceSpaceIsBack()
            throws Exception {
        String disk = "ckpt-" + UUID.randomUUID();
        String uri = FullDiskFileSystem.uri(disk, dir);
        try (var kit = new StreamTestKit(new StreamingSettings("lines", SECOND, 2, Config.empty()),
                LinesSource.plugins())) {
            kit.context().checkpoint(uri);
            DStream<String> lines = kit.context().batchSourceStream("lines", Config.empty());
            var totals = kit.output(lines.count().mapToPair(n -> Pair.of("lines", n))
                    .<Long>updateStateByKey((vs, s) -> Optional.of(s.orElse(0L) + vs.stream().mapToLong(v -> v).sum()))
                    .name("total").checkpoint(Duration.ofSeconds(2)));
            kit.start();
            kit.runBatches(2);
            var checkpointer = kit.context().run().checkpointer().orElseThrow();
            StreamTestKit.await("a checkpoint of batch 2", () -> completedIn(checkpointer) >= 2000);
            long good = completedIn(checkpointer);

            FullDiskFileSystem.setFree(disk, 0);
            List<BatchInfo> whileFull = kit.runBatches(3);
            assertThat(whileFull).allSatisfy(b -> assertThat(b.failure()).isEmpty());
            assertThat(totals.at(new Time(5000))).containsExactly(Pair.of("lines", 150L));
            StreamTestKit.await("the failed write reported", () -> checkpointer.lastError().isPresent());
            assertThat(checkpointer.lastError().get()).contains("cannot write " + FullDiskFileSystem.SCHEME + "://"
                    + disk + dir).contains("No space left on device").contains("(0 bytes free there)");
            assertThat(completedIn(checkpointer)).as("the last good checkpoint stays the latest").isEqualTo(good);
            assertThat(newestOnDisk(uri)).isEqualTo(good);
            assertThat(temporaries()).as("nothing half written is left").isEmpty();

            FullDiskFileSystem.setFree(disk, 1L << 30);
            kit.runBatch();
            StreamTestKit.await("a checkpoint of batch 6", () -> completedIn(checkpointer) >= 6000);
            assertThat(checkpointer.lastError()).isEmpty();
            assertThat(newestOnDisk(uri)).isEqualTo(6000);
            assertThat(totals.at(new Time(6000))).containsExactly(Pair.of("lines", 210L));
        }
    }

    private static long completedIn(Checkpointer checkpointer) {
        return checkpointer.latest().map(c -> c.lastCompleted().millis()).orElse(-1L);
    }

    private static long newestOnDisk(String uri) throws Exception {
        try (var store = CheckpointStore.openForReading(uri)) {
            var newest = store.list().stream().filter(CheckpointStore.Entry::readable).findFirst().orElseThrow();
            return newest.checkpoint().lastCompleted().millis();
        }
    }

    private List<Path> temporaries() throws Exception {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
