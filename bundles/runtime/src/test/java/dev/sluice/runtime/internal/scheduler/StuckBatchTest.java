package dev.sluice.runtime.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Config;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.Time;
import dev.sluice.api.listener.BatchInfo;
import dev.sluice.api.listener.OutputOperationInfo;
import dev.sluice.api.listener.StreamingListener;
import dev.sluice.api.management.StuckBatch;
import dev.sluice.runtime.testkit.StreamTestKit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * A batch whose user function hangs: reported with its output operation, its age, the batches
 * queued behind it and its threads' stacks once it is older than batch.stuckAfter; then waited
 * for, failed or the stream stopped, per batch.onStuck; the batches due meanwhile all run.
 */
class StuckBatchTest {

    private static final long SECOND = 1000;
    private final CountDownLatch hanging = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    private final Set<Time> submitted = ConcurrentHashMap.newKeySet();

    private StreamTestKit kit(String onStuck) {
        var kit = new StreamTestKit(new StreamingSettings("stuck", Duration.ofSeconds(1), 2,
                Config.of(Map.of("batch.stuckAfter", "3", "batch.onStuck", onStuck))), StreamTestKit.NO_PLUGINS);
        kit.context().addStreamingListener(new StreamingListener() {
            @Override
            public void onBatchSubmitted(BatchInfo batch) {
                submitted.add(batch.batchTime());
            }
        });
        return kit;
    }

    /** A map function that hangs on the record -1 until released (or interrupted). */
    private StreamTestKit.Output<Integer> hangingOutput(StreamTestKit kit, StreamTestKit.Input<Integer> in) {
        return kit.output(in.stream().map(x -> {
            if (x == -1) {
                hanging.countDown();
                awaitRelease();
            }
            return x;
        }));
    }

    private void awaitRelease() {
        try {
            release.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException("interrupted while hanging", e);
        }
    }

    /** Starts batch 1 (which hangs) and lets batches 2..4 fall due behind it. */
    private void hangBatchOneAndQueueThree(StreamTestKit kit, StreamTestKit.Input<Integer> in) throws Exception {
        in.add(List.of(1, -1));
        in.add(List.of(2));
        in.add(List.of(3));
        in.add(List.of(4));
        kit.start();
        kit.clock().advance(SECOND);
        hanging.await();
        for (int k = 2; k <= 4; k++) {
            kit.clock().advance(SECOND);
            Time t = new Time(k * SECOND);
            StreamTestKit.await("batch " + k + " submitted", () -> submitted.contains(t));
        }
    }

    private static long queuedBehind(StreamTestKit kit) {
        return kit.context().run().stuckBatch().map(StuckBatch::queuedBatches).orElse(-1L);
    }

    @Test
    void shouldReportAStuckBatchOnlyOnceItIsOlderThanTheLimit() throws Exception {
        try (var kit = kit("wait")) {
            var in = kit.<Integer>input();
            hangingOutput(kit, in);
            in.add(List.of(1, -1));
            kit.start();
            kit.clock().advance(SECOND);
            hanging.await();
            kit.clock().advance(3 * SECOND);
            assertThat(kit.context().run().stuckBatch()).as("3 batch intervals are not over the limit yet").isEmpty();

            kit.clock().advance(500);
            StuckBatch stuck = kit.context().run().stuckBatch().orElseThrow();
            assertThat(stuck.batch()).isEqualTo(new Time(SECOND));
            assertThat(stuck.stage()).isEqualTo("output 0 (foreach)");
            assertThat(stuck.runningFor()).isEqualTo(Duration.ofMillis(3_500));
            assertThat(stuck.policy()).isEqualTo("batch.onStuck=wait");
            assertThat(stuck.threads()).anySatisfy(t -> assertThat(t).contains("-job-runner ("));
            // the latch is counted down just before the thread computing the task (a worker, or the job thread
            // taking tasks too) parks in awaitRelease
            StreamTestKit.await("the hanging task's stack", () -> kit.context().run().stuckBatch().orElseThrow()
                    .threads().stream().anyMatch(t -> (t.contains("-worker-") || t.contains("-job-runner ("))
                            && t.contains("StuckBatchTest.awaitRelease")));
            release.countDown();
            kit.awaitBatch();
        }
    }

    @Test
    void shouldWaitForAStuckBatchAndThenRunEveryBatchQueuedBehindIt() throws Exception {
        try (var kit = kit("wait")) {
            var in = kit.<Integer>input();
            var out = hangingOutput(kit, in);
            hangBatchOneAndQueueThree(kit, in);
            kit.clock().advance(SECOND);
            StreamTestKit.await("batch 5 queued", () -> queuedBehind(kit) == 4);
            assertThat(kit.context().run().stuckBatch().orElseThrow().runningFor()).isEqualTo(Duration.ofSeconds(4));

            release.countDown();
            List<BatchInfo> done = List.of(kit.awaitBatch(), kit.awaitBatch(), kit.awaitBatch(), kit.awaitBatch(),
                    kit.awaitBatch());
            assertThat(done).allSatisfy(b -> assertThat(b.failure()).isEmpty());
            assertThat(out.at(new Time(SECOND))).containsExactlyInAnyOrder(1, -1);
            assertThat(out.at(new Time(4 * SECOND))).containsExactly(4);
            assertThat(kit.context().run().stuckBatch()).isEmpty();
        }
    }

    @Test
    void shouldFailAStuckBatchAndRunTheBatchesQueuedBehindIt() throws Exception {
        try (var kit = kit("fail")) {
            var in = kit.<Integer>input();
            var out = hangingOutput(kit, in);
            hangBatchOneAndQueueThree(kit, in);
            kit.clock().advance(SECOND); // at batch 5 the loop finds batch 1 stuck (batches 2-4 behind it), fails it, queues 5

            BatchInfo first = kit.awaitBatch();
            assertThat(first.batchTime()).isEqualTo(new Time(SECOND));
            assertThat(first.failure()).flatMap(OutputOperationInfo::failure).hasValueSatisfying(f -> assertThat(f)
                    .contains("batch 1000 ms is stuck in output 0 (foreach)", "3 batches queued behind it",
                            "batch.onStuck=fail"));
            for (int k = 2; k <= 5; k++) {
                BatchInfo next = kit.awaitBatch();
                assertThat(next.batchTime()).isEqualTo(new Time(k * SECOND));
                assertThat(next.failure()).as("batch %d", k).isEmpty();
            }
            assertThat(out.at(new Time(SECOND))).isNull();
            assertThat(out.at(new Time(2 * SECOND))).containsExactly(2);
            assertThat(out.at(new Time(4 * SECOND))).containsExactly(4);
            assertThat(out.at(new Time(5 * SECOND))).isEmpty();
            assertThat(kit.runBatch().failure()).as("the job thread is not left interrupted").isEmpty();
        }
    }

    @Test
    void shouldStopTheStreamWhenABatchIsStuckAndThePolicySaysStop() throws Exception {
        try (var kit = kit("stop")) {
            var in = kit.<Integer>input();
            var out = hangingOutput(kit, in);
            hangBatchOneAndQueueThree(kit, in);
            kit.clock().advance(SECOND);

            assertThatThrownBy(() -> kit.context().awaitTermination(Duration.ofSeconds(30)))
                    .hasMessageContaining("batch 1000 ms is stuck in output 0 (foreach)")
                    .hasMessageContaining("the stream stops (batch.onStuck=stop)");
            assertThat(out.all()).as("no batch ran after the stuck one").isEmpty();
        }
    }
}
