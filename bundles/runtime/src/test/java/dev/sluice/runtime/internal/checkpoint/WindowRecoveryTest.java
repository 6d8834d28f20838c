package dev.sluice.runtime.internal.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.Pair;
import dev.sluice.api.PairDStream;
import dev.sluice.api.StreamingSettings;
import dev.sluice.runtime.testkit.StreamTestKit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A stream with a running total and incremental windows whose slide is two batches, all at their
 * default checkpoint interval, over an input with quiet seconds (batches without records),
 * stopped at random moments (during recovery, just after it, in the first new batches) and
 * started again on the same directory: every start recovers, and
 * every batch output by any run equals the same batch of a run without failure.
 */
class WindowRecoveryTest {

    private static final Duration SECOND = Duration.ofSeconds(1);
    /** Every fifth second brings no input. */
    private static final int QUIET_EVERY = 5;

    @TempDir
    Path checkpoint;

    private static final class App {
        final StreamTestKit kit;
        final StreamTestKit.Output<Pair<String, Long>> totals;
        final StreamTestKit.Output<Pair<String, Long>> windowed;
        final StreamTestKit.Output<Pair<String, Long>> lineWindow;

        App(Path checkpoint, long startMillis) {
            kit = new StreamTestKit(new StreamingSettings("lines", SECOND, 2, Config.empty()), LinesSource.plugins(QUIET_EVERY));
            kit.clock().advance(startMillis);
            var ssc = kit.context();
            ssc.checkpoint(checkpoint.toString());
            DStream<String> lines = ssc.batchSourceStream("lines", Config.empty());
            PairDStream<String, Long> perBatch = lines.count().mapToPair(n -> Pair.of("lines", n));
            totals = kit.output(perBatch.<Long>updateStateByKey((vs, s0) -> Optional.of(
                    s0.orElse(0L) + vs.stream().mapToLong(Long::longValue).sum())).name("total"));
            windowed = kit.output(perBatch.reduceByKeyAndWindow(Long::sum, (a, b) -> a - b,
                    Duration.ofSeconds(4), Duration.ofSeconds(2)).name("window"));
            // over the lines themselves, so the quiet seconds are batches without a record
            lineWindow = kit.output(lines.mapToPair(line -> Pair.of("lines", 1L)).reduceByKeyAndWindow(Long::sum,
                    (a, b) -> a - b, Duration.ofSeconds(4), Duration.ofSeconds(2)).name("line window"));
        }
    }

    private static App smooth(Path directory, int batches) {
        var app = new App(directory, 0);
        app.kit.start();
        app.kit.runBatches(batches);
        app.kit.close();
        return app;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void everyStartRecoversAndEveryOutputEqualsARunWithoutFailure(long seed, @TempDir Path reference) {
        App without = smooth(reference, 60);
        var random = new Random(seed);
        long clock = 0;
        var runs = new ArrayList<App>();
        while (clock < 45_000) {
            int due = dueAt(checkpoint, clock);
            var app = new App(checkpoint, clock);
            app.kit.start(); // throws if the directory cannot be recovered
            runs.add(app);
            // the batches that were pending or fell due while it was down run first; stop anywhere among them
            int recoveryBatches = random.nextInt(due + 1);
            for (int i = 0; i < recoveryBatches; i++) {
                app.kit.awaitBatch();
            }
            int newBatches = recoveryBatches < due ? 0 : random.nextInt(14);
            app.kit.runBatches(newBatches);
            app.kit.close();
            clock = app.kit.clock().millis() + 1000L * random.nextInt(4);
        }
        for (App run : runs) {
            run.totals.all().forEach((time, total) -> assertThat(total)
                    .as("total at %s, seed %d", time, seed).isEqualTo(without.totals.at(time)));
            run.windowed.all().forEach((time, window) -> assertThat(window)
                    .as("window at %s, seed %d", time, seed).isEqualTo(without.windowed.at(time)));
            run.lineWindow.all().forEach((time, window) -> assertThat(window)
                    .as("line window at %s, seed %d", time, seed).isEqualTo(without.lineWindow.at(time)));
        }
        assertThat(runs.stream().mapToInt(r -> r.totals.all().size()).sum()).as("batches output").isPositive();
    }

    /** The batches a run started at {@code now} runs before its clock moves: those after the last completed one, up to now. */
    private static int dueAt(Path checkpoint, long now) {
        return CheckpointReport.read("lines", checkpoint.toString()).lastCompleted()
                .map(last -> (int) ((now / 1000 * 1000 - last.millis()) / 1000)).orElse(0);
    }
}
