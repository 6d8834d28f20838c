package dev.sluice.itests.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SIGTERM stops {@code file-line-count} gracefully: it finishes its batches, writes a final
 * checkpoint and ends with the status of a process ended by SIGTERM. The next start goes on from
 * there: no batch of the first run is written again, and the running total continues.
 */
@ExtendWith(FailedRunLogs.class)
class GracefulStopIT {

    private static final long INPUT_SEED = 1_000_003L;
    private static final Duration MIN_GAP = Duration.ofMillis(300);
    private static final Duration MAX_GAP = Duration.ofMillis(700);

    @TempDir
    Path root;

    @Test
    void shouldGoOnAfterAGracefulStopWithoutWritingItsBatchesAgain() {
        try (var scenario = Scenario.start("graceful stop, then more input", root, InputFeeder.files(1, 8), INPUT_SEED,
                MIN_GAP, MAX_GAP)) {
            var app = scenario.app();
            scenario.feeder().awaitAll();
            SluiceRun first = app.running();
            int status = app.stopGracefully();
            scenario.note("%s stopped by SIGTERM right after the last of its input, with status %d", first.name(),
                    status);
            assertThat(status).as("exit status after SIGTERM; output:%n%s", first.output())
                    .isEqualTo(LineCountApp.EXIT_ON_SIGTERM);
            assertThat(first.output()).contains(LineCountApp.STOPPED);
            var stopped = app.outputs();
            var writtenBefore = stopped.written();
            scenario.note("outputs at the stop:%n%s", stopped.describe());
            assertThat(stopped.others()).as("hidden entries left by a graceful stop").isEmpty();
            assertThat(writtenBefore).as("complete batch directories at the stop").doesNotContainValue(null);

            SluiceRun second = scenario.restart();
            assertThat(second.output()).contains("Recovering from checkpoint");
            try (var more = app.feeder(InputFeeder.files(9, 15), INPUT_SEED + 1, MIN_GAP, MAX_GAP)) {
                more.start();
                long lastModified = more.awaitAll();
                app.awaitCaughtUpWith(lastModified);
                scenario.noteInput(scenario.feeder());
                scenario.noteInput(more);
            }
            assertThat(app.stopGracefully()).isEqualTo(LineCountApp.EXIT_ON_SIGTERM);
            var outputs = app.outputs();
            scenario.note("outputs at the end:%n%s", outputs.describe());

            outputs.assertConsistent(InputFeeder.totalLines(InputFeeder.files(1, 15)), LineCountApp.BATCH.toMillis(),
                    "graceful stop and restart");
            assertThat(outputs.written()).as("the batches written before the stop, each with the same _SUCCESS file"
                    + " (modification time, file key) after the restart").containsAllEntriesOf(writtenBefore);
            assertThat(outputs.lastTime()).hasValueSatisfying(last -> assertThat(last)
                    .isGreaterThan(stopped.lastTime().orElseThrow()));
        }
    }
}
