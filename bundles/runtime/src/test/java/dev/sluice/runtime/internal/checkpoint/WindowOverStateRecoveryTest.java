package dev.sluice.runtime.internal.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.Pair;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.Time;
import dev.sluice.runtime.testkit.StreamTestKit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A window over a running total (a reduceByKeyAndWindow without an inverse, reading the total's
 * batches): after a restart, the first windows read batches of the total from before the last
 * completed one. The state is restored from a checkpoint old enough that those batches are
 * computed again, so every window after the restart equals the one of a run without it (before,
 * the jobs of those windows failed: the input "was asked again for batch 1000 ms").
 */
class WindowOverStateRecoveryTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    private static final class App {
        final StreamTestKit kit;
        final StreamTestKit.Output<Pair<String, Long>> windowed;

        App(Path checkpoint, long start) {
            kit = new StreamTestKit(new StreamingSettings("lines", SECOND, 2, Config.empty()), LinesSource.plugins());
            kit.clock().advance(start);
            kit.context().checkpoint(checkpoint.toString());
            DStream<String> lines = kit.context().batchSourceStream("lines", Config.empty());
            var totals = lines.count().mapToPair(n -> Pair.of("lines", n)).<Long>updateStateByKey((vs, s0) ->
                    Optional.of(s0.orElse(0L) + vs.stream().mapToLong(Long::longValue).sum())).name("total")
                    .checkpoint(Duration.ofSeconds(2));
            windowed = kit.output(totals.reduceByKeyAndWindow(Long::sum, Duration.ofSeconds(4), Duration.ofSeconds(2)));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 5, 6, 7})
    void everyWindowAfterARestartEqualsTheOneWithoutIt(int stopAt, @TempDir Path reference, @TempDir Path checkpoint) {
        var smooth = new App(reference, 0);
        smooth.kit.start();
        smooth.kit.runBatches(14);
        smooth.kit.close();

        var before = new App(checkpoint, 0);
        before.kit.start();
        before.kit.runBatches(stopAt);
        before.kit.close();
        var after = new App(checkpoint, stopAt * 1000L);
        after.kit.start();
        after.kit.runBatches(14 - stopAt);
        after.kit.close();

        for (long t = (stopAt / 2 + 1) * 2000L; t <= 14_000; t += 2000) {
            assertThat(after.windowed.at(new Time(t))).as("window at %d after the restart", t).isNotNull()
                    .isEqualTo(smooth.windowed.at(new Time(t)));
        }
    }
}
