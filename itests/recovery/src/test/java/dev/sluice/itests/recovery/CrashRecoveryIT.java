package dev.sluice.itests.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code file-line-count} with a checkpoint, killed with SIGKILL at chosen moments and restarted,
 * over the same input as a run without a crash: every batch time from the first to the last has
 * exactly one complete count and total, every input line is counted once, and each total is the
 * one before plus the batch's count, ending at all the input's lines.
 */
@ExtendWith(FailedRunLogs.class)
class CrashRecoveryIT {

    /** The gaps between input files: the same in every run of these tests. */
    private static final long INPUT_SEED = 1_000_003L;
    private static final Duration MIN_GAP = Duration.ofMillis(300);
    private static final Duration MAX_GAP = Duration.ofMillis(700);
    private static final long ALL_LINES = InputFeeder.totalLines(InputFeeder.ALL_FILES);

    @TempDir
    Path root;

    private Scenario start(String name) {
        return Scenario.start(name, root, InputFeeder.ALL_FILES, INPUT_SEED, MIN_GAP, MAX_GAP);
    }

    @Test
    void shouldCountEveryFileOnceWhenNothingFails() {
        try (var scenario = start("baseline, no crash")) {
            var batches = scenario.finish();

            assertThat(scenario.app().runs()).hasSize(1);
            assertThat(batches.get(batches.size() - 1).total()).isEqualTo(ALL_LINES);
        }
    }

    /**
     * Killed as soon as a hidden attempt directory of the output appears (polled every 5 ms): the
     * kill lands while a batch is written, before its rename. Repeated until two kills left an
     * attempt behind, which the next run must clean up or finish.
     */
    @Test
    void shouldRecoverWhenKilledWhileABatchIsWritten() {
        try (var scenario = start("killed while a batch is written")) {
            var app = scenario.app();
            scenario.feeder().awaitFed(3);
            Set<String> seen = new HashSet<>(app.hiddenOutputs());
            int landed = 0;
            for (int kill = 1; kill <= 5 && landed < 2; kill++) {
                app.running().await("a new hidden attempt directory in " + app.outputDirectory(), Duration.ofMillis(5),
                        () -> app.hiddenOutputs().stream().anyMatch(n -> !seen.contains(n)));
                scenario.crash("as an attempt directory appeared");
                List<String> left = app.hiddenOutputs();
                if (left.stream().anyMatch(n -> !seen.contains(n))) {
                    landed++;
                }
                seen.addAll(left);
                scenario.restart();
            }
            assertThat(landed).as("kills that left a batch's attempt directory behind").isPositive();

            scenario.finish();
        }
    }

    /**
     * Killed as soon as a new checkpoint file appears: the next write (the following batch's
     * metadata, or the state) is usually under way then. Three times, in three phases: while the
     * stream runs, at the first checkpoint of the recovery that follows, and once that recovery
     * has caught up.
     */
    @Test
    void shouldRecoverWhenKilledRightAfterACheckpoint() {
        try (var scenario = start("killed right after a checkpoint")) {
            var app = scenario.app();
            scenario.feeder().awaitFed(3);
            killAtTheNextCheckpoint(scenario, "while running");
            scenario.restart();
            killAtTheNextCheckpoint(scenario, "while recovering");
            scenario.restart();
            app.awaitCaughtUpWith(System.currentTimeMillis());
            killAtTheNextCheckpoint(scenario, "after recovering");
            scenario.restart();

            scenario.finish();
        }
    }

    private static void killAtTheNextCheckpoint(Scenario scenario, String phase) {
        var app = scenario.app();
        var before = app.checkpoints().stream().findFirst();
        app.running().await("a checkpoint after " + before.map(Path::getFileName).orElse(null), Duration.ofMillis(2),
                () -> {
                    var now = app.checkpoints();
                    return !now.isEmpty() && !Optional.of(now.get(0)).equals(before);
                });
        scenario.crash(phase + ", right after " + app.checkpoints().get(0).getFileName() + " appeared");
    }

    /**
     * A checkpoint write cut short, made deterministic: after a kill the newest checkpoint file is
     * cut to half its length and a half-written temporary is left beside it. The restart must say
     * the newest cannot be used, go on from the one before it, and delete the temporary.
     */
    @Test
    void shouldFallBackToThePreviousCheckpointWhenTheNewestIsCorrupt() throws IOException {
        try (var scenario = start("newest checkpoint corrupt")) {
            var app = scenario.app();
            scenario.feeder().awaitFed(5);
            app.running().await("two checkpoints", () -> app.checkpoints().size() >= 2);
            scenario.crash("after 5 files");

            Path newest = app.checkpoints().get(0);
            long size = Files.size(newest);
            try (var file = FileChannel.open(newest, StandardOpenOption.WRITE)) {
                file.truncate(size / 2);
            }
            Path temporary = app.checkpointDirectory().resolve(".checkpoint-999999999999.tmp");
            Files.writeString(temporary, "SLCK, cut short", StandardCharsets.UTF_8);
            scenario.note("cut %s from %d to %d bytes; wrote %s", newest.getFileName(), size, size / 2,
                    temporary.getFileName());

            SluiceRun next = scenario.restart();
            assertThat(next.output()).as("what %s says about the corrupt checkpoint", next.name())
                    .containsPattern("(?m)^.*" + newest.getFileName() + ".*cannot be used.*$");
            assertThat(temporary).as("the half-written checkpoint left by a crash").doesNotExist();

            scenario.finish();
        }
    }

    /**
     * Down for three batch intervals while input keeps arriving: the restart runs every batch
     * that fell due meanwhile, each for its own time.
     */
    @Test
    void shouldRunTheBatchesThatFellDueWhileDown() {
        try (var scenario = start("down for 3 s")) {
            var app = scenario.app();
            scenario.feeder().awaitFed(5);
            scenario.crash("after 5 files");
            long killedAt = System.currentTimeMillis();
            Await.pause(Duration.ofSeconds(3));
            scenario.restart();
            long restartedAt = System.currentTimeMillis();

            var batches = scenario.finish();

            var whileDown = batches.stream().filter(b -> b.time() > killedAt && b.time() < restartedAt).toList();
            assertThat(whileDown).as("batches that fell due between the kill (%d) and the stream running again (%d)",
                    killedAt, restartedAt).hasSizeGreaterThanOrEqualTo(3);
        }
    }
}
