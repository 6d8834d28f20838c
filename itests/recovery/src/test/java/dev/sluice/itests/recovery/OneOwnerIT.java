package dev.sluice.itests.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One stream per checkpoint directory across processes: a second {@code bin/sluice run} on a
 * directory a live process uses is refused with the holder named, and the first goes on; a holder
 * killed with SIGKILL does not hold the next start back.
 */
@ExtendWith(FailedRunLogs.class)
class OneOwnerIT {

    @TempDir
    Path root;

    @Test
    void aSecondProcessOnTheSameCheckpointDirectoryIsRefusedAndTheFirstGoesOn() throws Exception {
        try (var app = new LineCountApp(root);
             var feeder = app.feeder(InputFeeder.ALL_FILES, 7, Duration.ofMillis(300), Duration.ofMillis(600))) {
            feeder.start();
            SluiceRun first = app.startFresh();
            try (SluiceRun second = app.startBeside("second")) {
                assertThat(second.awaitExit()).as("exit status of the second process").isEqualTo(1);
                assertThat(second.output()).contains("sluice: ").contains("is in use by stream '"
                        + LineCountApp.NAME + "' in process " + first.pid() + " on ").contains(" since ");
            }
            String newest = app.checkpoints().get(0).getFileName().toString();
            first.await("a newer checkpoint from the first process", () -> !app.checkpoints().isEmpty()
                    && app.checkpoints().get(0).getFileName().toString().compareTo(newest) > 0);
            assertThat(first.output()).doesNotContain("cannot write a checkpoint").doesNotContain("lost the checkpoint");
        }
    }

    @Test
    void aHolderKilledWithSigkillIsTakenOverAtOnceByTheNextStart() throws Exception {
        try (var app = new LineCountApp(root);
             var feeder = app.feeder(InputFeeder.ALL_FILES, 7, Duration.ofMillis(300), Duration.ofMillis(600))) {
            feeder.start();
            SluiceRun first = app.startFresh();
            first.kill();
            SluiceRun next = app.start();
            next.awaitStarted();
            assertThat(next.output()).contains("taking over the lease of stream '" + LineCountApp.NAME
                    + "' in process " + first.pid()).contains("its process " + first.pid() + " on this host has ended");
        }
    }
}
