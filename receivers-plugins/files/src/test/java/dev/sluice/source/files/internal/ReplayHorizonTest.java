package dev.sluice.source.files.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.Pair;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.Time;
import dev.sluice.runtime.testkit.StreamTestKit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recovery that replays further back than the files source's remember window: the running total's
 * state is checkpointed every 8 batches while the source remembers its files for 2, so after a crash
 * the batches since the state are polled again from the source's progress. They find their files:
 * the source keeps which batch took which file for as long as a kept checkpoint may replay it.
 */
class ReplayHorizonTest {

    private static final long SECOND = 1000;

    @TempDir
    Path dir;

    private final class App implements AutoCloseable {
        final StreamTestKit kit;
        final StreamTestKit.Output<Pair<String, Long>> totals;

        App(long startMillis) {
            kit = new StreamTestKit(new StreamingSettings("replay", Duration.ofSeconds(1), 2, Config.empty()),
                    StreamTestKit.plugins(Map.of("files", new FilesSourceProvider()), Map.of()));
            kit.clock().setTime(startMillis);
            kit.context().checkpoint(dir.resolve("checkpoint").toString());
            DStream<String> lines = kit.context().batchSourceStream("files", Config.of(Map.of(
                    "directory", dir.resolve("in").toString(), "minRememberDuration", "2s")));
            totals = kit.output(lines.mapToPair(l -> Pair.of("lines", 1L))
                    .<Long>updateStateByKey((vs, s) -> Optional.of(s.orElse(0L) + vs.stream().mapToLong(v -> v).sum()))
                    .name("total").checkpoint(Duration.ofSeconds(8)));
        }

        long total(long batchMillis) {
            var batch = totals.at(new Time(batchMillis));
            return batch == null || batch.isEmpty() ? -1 : batch.get(0).value();
        }

        @Override
        public void close() {
            kit.close();
        }
    }

    @Test
    void aRecoveryThatReplaysFurtherBackThanTheRememberWindowFindsTheFilesOfEveryReplayedBatch() throws Exception {
        Files.createDirectories(dir.resolve("in"));
        long expected = 0;
        try (var app = new App(0)) {
            app.kit.start();
            for (int k = 1; k <= 13; k++) {
                write("file-" + k, k * SECOND - 500, k);
                expected += k;
                app.kit.runBatch();
            }
            assertThat(app.total(13 * SECOND)).isEqualTo(expected);
            var checkpointer = app.kit.context().run().checkpointer().orElseThrow();
            StreamTestKit.await("the checkpoint of batch 13", () -> checkpointer.latest()
                    .filter(c -> c.lastCompleted().millis() == 13 * SECOND).isPresent());
            assertThat(checkpointer.latest().get().replayFrom().millis())
                    .as("the recovery replays from the state at batch 8, further back than the 2 s remember window")
                    .isEqualTo(8 * SECOND);
        } // stopped at once, as a crash leaves it

        try (var app = new App(13 * SECOND + 500)) {
            app.kit.start();
            write("file-14", 14 * SECOND - 300, 14);
            expected += 14;
            app.kit.runBatch();
            assertThat(app.total(14 * SECOND)).as("batches 9 to 13 replayed with their files, then 14").isEqualTo(expected);
        }
    }

    private void write(String name, long modified, int lines) throws Exception {
        Path file = dir.resolve("in").resolve(name);
        Files.writeString(file, (name + "\n").repeat(lines), StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.fromMillis(modified));
    }
}
