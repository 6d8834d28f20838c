package dev.sluice.itests.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file moved in late: written (so modified) before a batch that has already run, moved into the
 * watched directory afterwards, well within the files source's remember window (60 s). A running
 * stream counts it in its next batch. The same must hold when the container was stopped or killed
 * in between and the file arrived while it was down: counted once, in a batch's count and in the
 * running total alike.
 */
@ExtendWith(FailedRunLogs.class)
class LateFileIT {

    private static final long INPUT_SEED = 1_000_003L;
    private static final List<Integer> ON_TIME = InputFeeder.files(1, 3);
    private static final int LATE = 4;

    /** What happens between the file's batch and its arrival. */
    enum Between {
        NOTHING, SIGTERM, SIGKILL
    }

    @TempDir
    Path root;

    @ParameterizedTest(name = "late file, {0} in between")
    @EnumSource(Between.class)
    void shouldCountALateFileOnceWhateverHappenedBeforeItArrived(Between between) throws IOException {
        try (var scenario = Scenario.start("late file, " + between + " in between", root, ON_TIME, INPUT_SEED,
                Duration.ofMillis(300), Duration.ofMillis(700))) {
            var app = scenario.app();
            app.awaitCaughtUpWith(scenario.feeder().awaitAll());
            Path staged = scenario.feeder().stage(LATE);
            long modified = Files.getLastModifiedTime(staged).toMillis();
            // the batch the file's modification time belongs to has run (and listed the directory without it)
            app.awaitCaughtUpWith(modified);
            switch (between) {
                case NOTHING -> {
                }
                case SIGTERM -> {
                    SluiceRun run = app.running();
                    assertThat(app.stopGracefully()).as("%s's exit status after SIGTERM", run.name())
                            .isEqualTo(LineCountApp.EXIT_ON_SIGTERM);
                    scenario.note("%s stopped by SIGTERM", run.name());
                }
                case SIGKILL -> scenario.crash("after the late file's batch ran");
            }
            var fed = scenario.feeder().moveInStaged(staged);
            scenario.note("moved in %s, modified at %d, %d ms before it was moved in", fed.path().getFileName(),
                    modified, System.currentTimeMillis() - modified);
            if (between != Between.NOTHING) {
                scenario.restart();
            }
            long expected = InputFeeder.totalLines(ON_TIME) + InputFeeder.lines(LATE);
            app.awaitCaughtUpWith(System.currentTimeMillis());
            SluiceRun last = app.running();
            assertThat(app.stopGracefully()).isEqualTo(LineCountApp.EXIT_ON_SIGTERM);
            assertThat(last.output()).contains(LineCountApp.STOPPED);
            var outputs = app.outputs();
            scenario.noteInput(scenario.feeder());
            scenario.note("outputs (batch time, count, total):%n%s", outputs.describe());
            outputs.assertConsistent(expected, LineCountApp.BATCH.toMillis(), scenario.name());
        }
    }
}
