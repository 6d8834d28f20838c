package dev.sluice.itests.recovery;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code file-line-count} killed with SIGKILL at random moments, seven times in one run, while
 * input keeps arriving: some kills land during start-up or recovery, the others while the stream
 * runs; each down time is random too. The seed is printed; {@code -Dsluice.recovery.seed=N}
 * replays the same moments (as far as the machine's timing allows).
 */
@ExtendWith(FailedRunLogs.class)
class RandomCrashIT {

    private static final int KILLS = 7;
    /** Slower input than the other tests, so that files arrive across all the kills. */
    private static final Duration MIN_GAP = Duration.ofMillis(1000);
    private static final Duration MAX_GAP = Duration.ofMillis(3000);

    @TempDir
    Path root;

    @Test
    void shouldRecoverFromKillsAtRandomMoments() {
        long seed = seed();
        System.out.println("RandomCrashIT seed " + seed + " (replay with -Dsluice.recovery.seed=" + seed + ")");
        var random = new Random(seed);
        try (var scenario = Scenario.start("random kills, seed " + seed, root, InputFeeder.ALL_FILES, seed, MIN_GAP,
                MAX_GAP)) {
            var app = scenario.app();
            for (int kill = 1; kill <= KILLS; kill++) {
                SluiceRun run = app.current().orElseThrow();
                String moment;
                if (kill > 1 && random.nextInt(4) == 0) {
                    long delay = 300 + random.nextInt(2700);
                    Await.pause(Duration.ofMillis(delay));
                    moment = delay + " ms after its launch" + (run.output().contains("Stream " + LineCountApp.NAME
                            + " started") ? "" : ", before its stream started");
                } else {
                    run.awaitStarted();
                    long delay = random.nextInt(2500);
                    Await.pause(Duration.ofMillis(delay));
                    moment = delay + " ms after its stream started";
                }
                scenario.crash(moment);
                long down = random.nextInt(2000);
                Await.pause(Duration.ofMillis(down));
                app.start();
                scenario.note("launched %s after %d ms down", app.current().orElseThrow().name(), down);
            }
            scenario.awaitRecovered();
            scenario.finish();
        }
    }

    private static long seed() {
        String given = System.getProperty("sluice.recovery.seed", "").strip();
        return given.isEmpty() ? System.nanoTime() : Long.parseLong(given);
    }
}
