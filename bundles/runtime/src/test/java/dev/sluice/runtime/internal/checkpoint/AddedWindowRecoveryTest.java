package dev.sluice.runtime.internal.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.Pair;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.storage.Checkpoint;
import dev.sluice.runtime.internal.storage.CheckpointStore;
import dev.sluice.runtime.testkit.StreamTestKit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An incremental window added to an application that recovers from a checkpoint written without
 * it starts empty at the checkpoint's replay start, even where that batch is off the window's
 * slide: its first window holds only the batches after that start, and it never asks the input
 * for batches released before the restart.
 */
class AddedWindowRecoveryTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    @TempDir
    Path checkpoint;

    private static StreamTestKit kit(long startMillis) {
        var kit = new StreamTestKit(new StreamingSettings("lines", SECOND, 2, Config.empty()), LinesSource.plugins());
        kit.clock().advance(startMillis);
        return kit;
    }

    private static DStream<Pair<String, Long>> totals(StreamTestKit kit, Path checkpoint) {
        kit.context().checkpoint(checkpoint.toString());
        DStream<String> lines = kit.context().batchSourceStream("lines", Config.empty());
        return lines.count().mapToPair(n -> Pair.of("lines", n)).<Long>updateStateByKey((vs, s0) -> Optional.of(
                s0.orElse(0L) + vs.stream().mapToLong(Long::longValue).sum())).name("total")
                .checkpoint(SECOND);
    }

    /** Rewrites the newest checkpoint to replay from its state's batch, 5 s: an odd second, off the window's slide. */
    private void replayFromLastState() throws Exception {
        try (var store = CheckpointStore.open(checkpoint.toString(), "lines", Duration.ofSeconds(10), lost -> { })) {
            Checkpoint c = store.list().get(0).checkpoint();
            Time state = c.state("total").orElseThrow().time();
            assertThat(state).as("the state written last").isEqualTo(new Time(5000));
            store.write(new Checkpoint(c.sequence() + 1, c.appName(), c.batchInterval(), c.zeroTime(), c.time(),
                    c.lastCompleted(), c.pending(), c.operators(), c.states(), state, c.inputs()));
        }
    }

    @Test
    void aWindowAddedAtARestartStartsEmptyAtTheReplayStartOffItsSlide() throws Exception {
        var before = kit(0);
        before.output(totals(before, checkpoint));
        before.start();
        before.runBatches(5);
        before.close();
        replayFromLastState();

        var after = kit(5000);
        var windowed = after.output(totals(after, checkpoint).mapToPair(p -> Pair.of(p.key(), 1L))
                .reduceByKeyAndWindow(Long::sum, (a, b) -> a - b, Duration.ofSeconds(4), Duration.ofSeconds(2))
                .name("window"));
        after.start();
        after.runBatches(5);
        after.close();

        // batch 6 is the first after the start at 5: the windows count the batches after it only
        assertThat(windowed.at(new Time(6000))).containsExactly(Pair.of("lines", 1L));
        assertThat(windowed.at(new Time(8000))).containsExactly(Pair.of("lines", 3L));
        assertThat(windowed.at(new Time(10_000))).containsExactly(Pair.of("lines", 4L));
    }
}
