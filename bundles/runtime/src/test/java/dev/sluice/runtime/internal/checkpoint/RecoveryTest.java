package dev.sluice.runtime.internal.checkpoint;

import dev.sluice.runtime.internal.storage.Checkpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.InvalidGraphException;
import dev.sluice.api.Pair;
import dev.sluice.api.PairDStream;
import dev.sluice.api.SluiceException;
import dev.sluice.api.StateSpec;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.Time;
import dev.sluice.runtime.testkit.StreamTestKit;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery from checkpoints, in one process: a context that stops without a graceful stop (or is
 * simply abandoned mid-batch) is a crashed one, as far as its checkpoint directory can tell. The
 * source gives second k's batch 10 * k lines, as in the spec's driver-failure table.
 */
class RecoveryTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    @TempDir
    Path checkpoint;

    /** The application: per-batch line counts, and running totals kept three ways (state, mapWithState, window). */
    private static final class App {
        final StreamTestKit kit;
        final StreamTestKit.Output<Long> counts;
        final StreamTestKit.Output<Pair<String, Long>> totals;
        final StreamTestKit.Output<Long> mapped;
        final StreamTestKit.Output<Pair<String, Long>> windowed;

        App(Path checkpoint, Duration batch, String stateName, Config settings, long startMillis,
            CountDownLatch blockBatch3) {
            StreamingSettings s = new StreamingSettings("lines", batch, 2, settings);
            kit = new StreamTestKit(s, LinesSource.plugins());
            kit.clock().advance(startMillis);
            var ssc = kit.context();
            ssc.checkpoint(checkpoint.toString());
            DStream<String> lines = ssc.batchSourceStream("lines", Config.empty());
            DStream<Long> count = lines.count();
            counts = kit.output(count);
            PairDStream<String, Long> perBatch = count.mapToPair(n -> Pair.of("lines", n));
            totals = kit.output(perBatch.<Long>updateStateByKey((vs, s0) -> Optional.of(
                    s0.orElse(0L) + vs.stream().mapToLong(Long::longValue).sum()))
                    .name(stateName).checkpoint(Duration.ofSeconds(2)));
            mapped = kit.output(perBatch.mapWithState(StateSpec.<String, Long, Long, Long>function((k, v, st) -> {
                long total = st.getOption().orElse(0L) + v.orElse(0L);
                st.update(total);
                return total;
            })).name("mapped").checkpoint(batch.multipliedBy(2)));
            windowed = kit.output(perBatch.reduceByKeyAndWindow(Long::sum, (a, b) -> a - b, batch.multipliedBy(3),
                    batch).name("window").checkpoint(batch.multipliedBy(2)));
            if (blockBatch3 != null) {
                count.foreach((data, time) -> {
                    if (time.millis() == 3000) {
                        try {
                            blockBatch3.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
            }
        }

        App(Path checkpoint, long startMillis) {
            this(checkpoint, SECOND, "total", Config.empty(), startMillis, null);
        }

        Checkpoint awaitCheckpoint(long completed) throws InterruptedException {
            return awaitLatest("a checkpoint of batch " + completed, c -> c.lastCompleted().millis() >= completed);
        }

        Checkpoint awaitPending(long pending) throws InterruptedException {
            return awaitLatest("a checkpoint with batch " + pending + " pending",
                    c -> c.pending().contains(new Time(pending)));
        }

        private Checkpoint awaitLatest(String what, java.util.function.Predicate<Checkpoint> written)
                throws InterruptedException {
            var checkpointer = kit.context().run().checkpointer().orElseThrow();
            await(what, () -> checkpointer.latest().filter(written).isPresent());
            return checkpointer.latest().orElseThrow();
        }

        /** Waits until the batch at {@code t} (and so every batch before it) has completed. */
        void awaitCompleted(long t) throws InterruptedException {
            await("batch " + t, () -> totals.at(new Time(t)) != null);
        }
    }

    static void await(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not come within 30 s");
            }
            Thread.sleep(10);
        }
    }

    private static Map<Long, List<Long>> counts(App app) {
        var byTime = new TreeMap<Long, List<Long>>();
        app.counts.all().forEach((t, c) -> byTime.put(t.millis(), c));
        return byTime;
    }

    @Test
    void aCrashBeforeBatch4AndARestartAt7RunsBatches4To7AtRecoveryThenGoesOn() throws Exception {
        var before = new App(checkpoint, 0);
        before.kit.start();
        before.kit.runBatches(3);
        before.awaitCheckpoint(3000);
        before.kit.close();

        var after = new App(checkpoint, 7_000);
        after.kit.start();
        for (int i = 0; i < 4; i++) {
            after.kit.awaitBatch();
        }
        assertThat(counts(after)).as("outputs at recovery").isEqualTo(Map.of(
                4000L, List.of(40L), 5000L, List.of(50L), 6000L, List.of(60L), 7000L, List.of(70L)));
        after.kit.runBatches(3);
        assertThat(counts(after)).containsEntry(8000L, List.of(80L)).containsEntry(9000L, List.of(90L))
                .containsEntry(10_000L, List.of(100L)).hasSize(7);
        after.kit.close();
    }

    @Test
    void aCrashInTheMiddleOfBatch3RunsBatch3AgainWithItsOwnData(@TempDir Path crashImage) throws Exception {
        var release = new CountDownLatch(1);
        var crashed = new App(checkpoint, SECOND, "total", Config.empty(), 0, release);
        try {
            crashed.kit.start();
            crashed.kit.runBatches(2);
            crashed.kit.clock().advance(1000);
            crashed.awaitPending(3000);
            Path copy = CrashImage.of(checkpoint, crashImage);

            var recovered = new App(copy, 3_500);
            recovered.kit.start();
            recovered.kit.awaitBatch();
            assertThat(counts(recovered)).isEqualTo(Map.of(3000L, List.of(30L)));
            assertThat(recovered.totals.at(new Time(3000))).containsExactly(Pair.of("lines", 60L));
            recovered.kit.runBatch();
            assertThat(recovered.counts.at(new Time(4000))).containsExactly(40L);
            recovered.kit.close();
        } finally {
            release.countDown();
            crashed.kit.close();
        }
    }

    /** State restored at an even batch catches up through the batches after it; every total is as without failure. */
    @Test
    void stateAfterRecoveryEqualsStateWithoutFailure(@TempDir Path reference) throws Exception {
        var smooth = new App(reference, 0);
        smooth.kit.start();
        smooth.kit.runBatches(10);
        smooth.kit.close();

        var first = new App(checkpoint, 0);
        first.kit.start();
        first.kit.runBatches(5);
        first.awaitCheckpoint(5000);
        first.kit.close();
        var second = new App(checkpoint, 8_000);
        second.kit.start();
        for (int i = 0; i < 3; i++) {
            second.kit.awaitBatch();
        }
        second.kit.runBatches(2);
        second.kit.close();

        for (long t = 6000; t <= 10_000; t += 1000) {
            Time time = new Time(t);
            assertThat(second.totals.at(time)).as("updateStateByKey at " + t).isEqualTo(smooth.totals.at(time));
            assertThat(second.mapped.at(time)).as("mapWithState at " + t).isEqualTo(smooth.mapped.at(time));
            assertThat(second.windowed.at(time)).as("window at " + t).isEqualTo(smooth.windowed.at(time));
        }
        assertThat(second.totals.at(new Time(10_000))).containsExactly(Pair.of("lines", 550L));
    }

    @Test
    void aChangedApplicationIsRefusedWithWhatDoesNotMatchUnlessTheUserDropsThatState() throws Exception {
        var first = new App(checkpoint, 0);
        first.kit.start();
        first.kit.runBatches(4);
        first.awaitCheckpoint(4000);
        first.kit.close();

        var renamed = new App(checkpoint, SECOND, "sum", Config.empty(), 5_000, null);
        assertThatThrownBy(renamed.kit::start).isInstanceOf(InvalidGraphException.class)
                .hasMessageContaining("the state of total (updateStateByKey) has no stateful operator of that name")
                .hasMessageContaining("recovery=discard-unmatched").hasMessageContaining("recovery=fresh");

        var slower = new App(checkpoint, Duration.ofSeconds(2), "total", Config.empty(), 6_000, null);
        assertThatThrownBy(slower.kit::start).isInstanceOf(InvalidGraphException.class)
                .hasMessageContaining("the batch interval was 1000 ms and is now 2000 ms")
                .hasMessageNotContaining("discard-unmatched");

        var dropping = new App(checkpoint, SECOND, "sum", Config.of(Map.of("recovery", "discard-unmatched")),
                5_000, null);
        dropping.kit.start();
        dropping.kit.awaitBatch();
        assertThat(dropping.counts.at(new Time(5000))).containsExactly(50L);
        // the renamed state starts empty where the checkpoint's replay starts, and counts the batches after it
        assertThat(dropping.totals.at(new Time(5000))).as("the renamed state's total").hasSize(1)
                .extracting(Pair::value).first().isIn(150L, 140L, 120L, 90L, 50L);
        assertThat(dropping.mapped.at(new Time(5000))).as("the state that matched is kept").containsExactly(150L);
        dropping.kit.close();

        var fresh = new App(checkpoint, SECOND, "sum", Config.of(Map.of("recovery", "fresh")), 20_000, null);
        fresh.kit.start();
        fresh.kit.runBatch();
        assertThat(counts(fresh)).as("a fresh start runs no old batch").isEqualTo(Map.of(21_000L, List.of(210L)));
        fresh.kit.close();
    }

    @Test
    void aCorruptNewestCheckpointIsReportedAndThePreviousOneUsed() throws Exception {
        var first = new App(checkpoint, 0);
        first.kit.start();
        first.kit.runBatches(4);
        first.awaitCheckpoint(4000);
        first.kit.close();
        Path newest = checkpointFiles().get(0);
        try (var file = new RandomAccessFile(newest.toFile(), "rw")) {
            file.seek(file.length() - 3);
            file.write(0x5a ^ file.read());
        }

        var second = new App(checkpoint, 5_500);
        second.kit.start();
        second.awaitCompleted(5000);
        var out = counts(second);
        assertThat(out).containsEntry(5000L, List.of(50L));
        assertThat(second.totals.at(new Time(5000))).containsExactly(Pair.of("lines", 150L));
        second.kit.close();
    }

    @Test
    void aTruncatedStateFileFallsBackToTheCheckpointBeforeIt() throws Exception {
        var first = new App(checkpoint, 0);
        first.kit.start();
        first.kit.runBatches(5);
        first.awaitCheckpoint(5000);
        first.kit.close();
        Path newestState;
        try (Stream<Path> files = Files.list(checkpoint.resolve("state").resolve("total"))) {
            newestState = files.max(Path::compareTo).orElseThrow();
        }
        assertThat(newestState.getFileName().toString()).isEqualTo("4000");
        Files.write(newestState, java.util.Arrays.copyOf(Files.readAllBytes(newestState), 12));

        var second = new App(checkpoint, 6_500);
        second.kit.start();
        second.awaitCompleted(6000);
        assertThat(second.totals.at(new Time(6000))).containsExactly(Pair.of("lines", 210L));
        second.kit.close();
    }

    @Test
    void theCheckpointDirectoryStaysBounded() throws Exception {
        var app = new App(checkpoint, 0);
        app.kit.start();
        app.kit.runBatches(30);
        app.awaitCheckpoint(30_000);
        app.kit.close();
        assertThat(checkpointFiles()).hasSizeBetween(2, 3);
        try (Stream<Path> states = Files.walk(checkpoint.resolve("state"))) {
            assertThat(states.filter(Files::isRegularFile).count()).as("state files of three operators")
                    .isBetween(3L, 9L);
        }
    }

    @Test
    void withoutACheckpointThereIsNothingToRecoverAndAnUnreadableDirectoryIsReported() throws Exception {
        var app = new App(checkpoint, 0);
        app.kit.start();
        app.kit.runBatch();
        assertThat(counts(app)).isEqualTo(Map.of(1000L, List.of(10L)));
        app.kit.close();

        for (Path file : checkpointFiles()) {
            Files.write(file, new byte[] {1, 2, 3});
        }
        var broken = new App(checkpoint, 3_000);
        assertThatThrownBy(broken.kit::start).isInstanceOf(SluiceException.class)
                .hasMessageContaining("no checkpoint in").hasMessageContaining("recovery=fresh");
    }

    /** A graceful stop finishes its batches and writes their state: the next start has nothing to run again. */
    @Test
    void afterAGracefulStopARestartRunsNoBatchAgain() throws Exception {
        var first = new App(checkpoint, 0);
        first.kit.start();
        first.kit.runBatches(3);
        first.kit.context().stop(true);
        Checkpoint last = first.kit.context().run().checkpointer().orElseThrow().latest().orElseThrow();
        assertThat(last.lastCompleted()).isEqualTo(new Time(3000));
        assertThat(last.pending()).isEmpty();
        assertThat(last.state("total")).get().extracting(Checkpoint.StateRef::time).isEqualTo(new Time(3000));
        assertThat(last.replayFrom()).as("only the slide the window's input keeps is computed again")
                .isEqualTo(new Time(2000));

        var second = new App(checkpoint, 3_200);
        second.kit.start();
        second.kit.runBatch();
        assertThat(counts(second)).as("only the new batch runs").isEqualTo(Map.of(4000L, List.of(40L)));
        assertThat(second.totals.at(new Time(4000))).containsExactly(Pair.of("lines", 100L));
        second.kit.close();
    }

    private List<Path> checkpointFiles() throws IOException {
        try (Stream<Path> files = Files.list(checkpoint)) {
            return new ArrayList<>(files.filter(p -> p.getFileName().toString().startsWith("checkpoint-"))
                    .sorted(java.util.Comparator.reverseOrder()).toList());
        }
    }
}
