package dev.sluice.runtime.internal.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.Time;
import dev.sluice.runtime.testkit.StreamTestKit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * countByWindow and reduceByWindow with an inverse keep their window as state: the name and
 * checkpoint interval given to them bind that state, and after a crash they go on as without one.
 */
class IncrementalWindowRecoveryTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    @TempDir
    Path checkpoint;

    private static final class App {
        final StreamTestKit kit;
        final StreamTestKit.Output<Long> counts;
        final StreamTestKit.Output<Integer> chars;

        App(Path checkpoint, long startMillis) {
            kit = new StreamTestKit(new StreamingSettings("lines", SECOND, 2, Config.empty()), LinesSource.plugins());
            kit.clock().advance(startMillis);
            var ssc = kit.context();
            ssc.checkpoint(checkpoint.toString());
            DStream<String> lines = ssc.batchSourceStream("lines", Config.empty());
            counts = kit.output(lines.countByWindow(Duration.ofSeconds(3), SECOND).name("line count")
                    .checkpoint(Duration.ofSeconds(2)));
            chars = kit.output(lines.map(String::length).reduceByWindow(Integer::sum, (a, b) -> a - b,
                    Duration.ofSeconds(4), Duration.ofSeconds(2)).name("chars").checkpoint(Duration.ofSeconds(2)));
        }
    }

    @Test
    void theirStateIsBoundToTheGivenNameAndSurvivesACrash(@TempDir Path reference) throws Exception {
        var smooth = new App(reference, 0);
        smooth.kit.start();
        smooth.kit.runBatches(10);
        smooth.kit.close();

        var first = new App(checkpoint, 0);
        first.kit.start();
        first.kit.runBatches(5);
        var checkpointer = first.kit.context().run().checkpointer().orElseThrow();
        RecoveryTest.await("a checkpoint of batch 4 with both windows' state", () -> checkpointer.latest()
                .filter(c -> c.lastCompleted().millis() >= 4000 && c.state("line count").isPresent()
                        && c.state("chars").isPresent()).isPresent());
        var written = checkpointer.latest().orElseThrow();
        assertThat(written.state("line count").orElseThrow().kind()).isEqualTo("reduceByKeyAndWindow");
        assertThat(written.state("chars").orElseThrow().time().millis() % 2000).as("every 2 s").isZero();
        first.kit.close();

        var second = new App(checkpoint, 8_000);
        second.kit.start();
        for (int i = 0; i < 3; i++) {
            second.kit.awaitBatch();
        }
        second.kit.runBatches(2);
        second.kit.close();

        // second k holds 10 * k lines: the window of the last 3 seconds at batch 10 holds 80 + 90 + 100
        assertThat(smooth.counts.at(new Time(10_000))).isEqualTo(List.of(270L));
        for (long t = 6000; t <= 10_000; t += 1000) {
            Time time = new Time(t);
            assertThat(second.counts.at(time)).as("countByWindow at %d", t).isEqualTo(smooth.counts.at(time));
            assertThat(second.chars.at(time)).as("reduceByWindow at %d", t).isEqualTo(smooth.chars.at(time));
        }
        assertThat(second.chars.at(new Time(10_000))).isNotNull().hasSize(1);
    }
}
