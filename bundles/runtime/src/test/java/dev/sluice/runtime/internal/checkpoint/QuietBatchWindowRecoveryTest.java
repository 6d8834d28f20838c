package dev.sluice.runtime.internal.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Config;
import dev.sluice.api.Pair;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.Time;
import dev.sluice.runtime.testkit.StreamTestKit;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An incremental window whose input has batches without any record: a checkpoint of the window
 * holds no record of such a batch, and after a restart the window goes on as if the batch was
 * still there (an empty batch leaves the window as an empty batch), instead of asking the input
 * for a batch it released long ago.
 */
class QuietBatchWindowRecoveryTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    @TempDir
    Path checkpoint;

    private static final class App {
        final StreamTestKit kit;
        final StreamTestKit.Output<Pair<String, Long>> windowed;

        App(Path checkpoint, long startMillis) {
            // every third second brings no file: the batches of seconds 3, 6, 9, ... are empty
            kit = new StreamTestKit(new StreamingSettings("lines", SECOND, 2, Config.empty()), LinesSource.plugins(3));
            kit.clock().advance(startMillis);
            var ssc = kit.context();
            ssc.checkpoint(checkpoint.toString());
            windowed = kit.output(ssc.<String>batchSourceStream("lines", Config.empty())
                    .mapToPair(line -> Pair.of("lines", 1L))
                    .reduceByKeyAndWindow(Long::sum, (a, b) -> a - b, Duration.ofSeconds(4), Duration.ofSeconds(2))
                    .name("window").checkpoint(Duration.ofSeconds(2)));
        }
    }

    /** Stopped after batch {@code stopAt}; its last state then holds the quiet batch 3 s or 6 s back. */
    @ParameterizedTest
    @ValueSource(ints = {4, 6, 8, 10})
    void aWindowCheckpointedWithAnEmptyBatchInItRecoversAndGoesOnAsWithoutFailure(int stopAt,
                                                                                @TempDir Path reference) {
        var smooth = new App(reference, 0);
        smooth.kit.start();
        smooth.kit.runBatches(16);
        smooth.kit.close();

        var first = new App(checkpoint, 0);
        first.kit.start();
        first.kit.runBatches(stopAt);
        first.kit.close();

        var second = new App(checkpoint, stopAt * 1000L);
        second.kit.start(); // threw "lines-0 was asked again for batch ... after taking batch ...; its data was released"
        second.kit.runBatches(16 - stopAt);
        second.kit.close();

        for (long t = stopAt * 1000L + 2000; t <= 16_000; t += 2000) {
            Time time = new Time(t);
            assertThat(second.windowed.at(time)).as("window at %d", t).isNotEmpty()
                    .isEqualTo(smooth.windowed.at(time));
        }
    }
}
