package dev.sluice.runtime.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import dev.sluice.api.SluiceException;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.Time;
import dev.sluice.api.listener.BatchInfo;
import dev.sluice.runtime.testkit.StreamTestKit;
import org.junit.jupiter.api.Test;

class JobSchedulerTest {

    @Test
    void shouldAlignBatchTimesToMultiplesOfTheBatchInterval() {
        try (var kit = new StreamTestKit(new StreamingSettings("t", Duration.ofMillis(500), 2, null),
                StreamTestKit.NO_PLUGINS)) {
            kit.clock().setTime(1_234);
            var in = kit.<Integer>input();
            var out = kit.output(in.stream());
            kit.start();
            kit.clock().setTime(1_500);
            var infos = List.of(kit.awaitBatch(), kit.runBatch(), kit.runBatch());
            assertThat(infos).extracting(BatchInfo::batchTime)
                    .containsExactly(new Time(1_500), new Time(2_000), new Time(2_500));
            assertThat(out.all()).containsOnlyKeys(new Time(1_500), new Time(2_000), new Time(2_500));
        }
    }

    @Test
    void shouldRunOutputOperationsInTheOrderTheyWereRegistered() {
        try (var kit = new StreamTestKit(Duration.ofSeconds(1), 2)) {
            var in = kit.<Integer>input();
            var order = new java.util.concurrent.CopyOnWriteArrayList<String>();
            in.stream().foreach(b -> order.add("first"));
            in.stream().foreach(b -> order.add("second"));
            in.stream().foreach(b -> order.add("third"));
            kit.start();
            kit.runBatches(2);
            assertThat(order).containsExactly("first", "second", "third", "first", "second", "third");
        }
    }

    @Test
    void shouldFailOnlyTheBatchWhoseUserFunctionThrows() {
        try (var kit = new StreamTestKit(Duration.ofSeconds(1), 2)) {
            var in = kit.<Integer>input();
            var out = kit.output(in.stream().map(x -> {
                if (x == 13) {
                    throw new IllegalStateException("unlucky " + x);
                }
                return x * 2;
            }));
            kit.start();
            in.add(List.of(1, 2));
            in.add(List.of(3, 13));
            in.add(List.of(4));
            var infos = kit.runBatches(3);

            assertThat(infos.get(0).failure()).isEmpty();
            assertThat(infos.get(1).failure()).hasValueSatisfying(o ->
                    assertThat(o.failure()).hasValueSatisfying(f -> assertThat(f).contains("unlucky 13")));
            assertThat(infos.get(2).failure()).isEmpty();
            assertThat(out.at(kit.batchTime(1))).containsExactlyInAnyOrder(2, 4);
            assertThat(out.at(kit.batchTime(2))).isNull();
            assertThat(out.at(kit.batchTime(3))).containsExactly(8);
        }
    }

    /** An error of the function's own, not the JVM's, is a failure like an exception: the next batch runs. */
    @Test
    void shouldFailOnlyTheBatchWhoseUserFunctionFailsAnAssertion() {
        try (var kit = new StreamTestKit(Duration.ofSeconds(1), 2)) {
            var in = kit.<Integer>input();
            var out = kit.output(in.stream().map(x -> {
                if (x < 0) {
                    throw new AssertionError("negative " + x);
                }
                return x;
            }));
            kit.start();
            in.add(List.of(-1));
            in.add(List.of(2));
            var infos = kit.runBatches(2);

            assertThat(infos.get(0).failure()).hasValueSatisfying(o ->
                    assertThat(o.failure()).hasValueSatisfying(f -> assertThat(f).contains("negative -1")));
            assertThat(out.at(kit.batchTime(2))).containsExactly(2);
        }
    }

    /**
     * A batch that runs out of memory may have changed half of its state: the stream stops with the
     * reason and what to change, rather than going on from that state (or hanging on the dead batch).
     */
    @Test
    void shouldStopTheStreamWhenABatchRunsOutOfMemory() {
        try (var kit = new StreamTestKit(Duration.ofSeconds(1), 2)) {
            var in = kit.<Integer>input();
            var out = kit.output(in.stream().map(x -> {
                if (x == 0) {
                    throw new OutOfMemoryError("Java heap space");
                }
                return x;
            }));
            kit.start();
            in.add(List.of(1));
            in.add(List.of(0));
            in.add(List.of(3));
            kit.runBatch();
            kit.clock().advance(1_000);

            assertThatThrownBy(() -> kit.awaitTerminationMovingClock(1))
                    .isInstanceOf(SluiceException.class)
                    .hasMessageContaining("Batch 2000 ms")
                    .hasMessageContaining("OutOfMemoryError: Java heap space")
                    .hasMessageContaining("the stream stops")
                    .hasMessageContaining("-Xmx in JAVA_OPTS");
            assertThat(kit.context().run().failure()).isPresent();
            assertThat(out.at(kit.batchTime(1))).containsExactly(1);
            assertThat(out.all()).doesNotContainKey(kit.batchTime(3));
        }
    }

    /** One bad record in a million fails its batch only, naming the error; the next million are all counted. */
    @Test
    void shouldFailOnlyTheBatchOfTheOneRecordInAMillionThatAUserFunctionThrowsOn() {
        int million = 1_000_000;
        try (var kit = new StreamTestKit(Duration.ofSeconds(1), 2)) {
            var in = kit.<Integer>input();
            var out = kit.output(in.stream().map(x -> {
                if (x == -1) {
                    throw new IllegalArgumentException("record -1 is bad");
                }
                return x;
            }).count());
            kit.start();
            var first = new java.util.ArrayList<Integer>(java.util.Collections.nCopies(million, 1));
            first.set(777_777, -1);
            in.add(first);
            in.add(java.util.Collections.nCopies(million, 2));

            var infos = kit.runBatches(2);

            assertThat(infos.get(0).failure()).hasValueSatisfying(o ->
                    assertThat(o.failure()).hasValueSatisfying(f -> assertThat(f).contains("record -1 is bad")));
            assertThat(out.at(kit.batchTime(1))).isNull();
            assertThat(infos.get(1).failure()).isEmpty();
            assertThat(out.at(kit.batchTime(2))).containsExactly((long) million);
        }
    }

    @Test
    void shouldReportRecordsAndDelaysOfEveryBatch() {
        try (var kit = new StreamTestKit(Duration.ofSeconds(1), 2)) {
            var in = kit.<Integer>input();
            in.stream().foreach(b -> kit.clock().advance(300));
            kit.start();
            in.add(List.of(1, 2, 3));
            BatchInfo info = kit.runBatch();
            assertThat(info.numRecords()).isEqualTo(3);
            assertThat(info.jobId()).isEqualTo(1);
            assertThat(info.schedulingDelay()).contains(Duration.ZERO);
            assertThat(info.processingDelay()).contains(Duration.ofMillis(300));
            assertThat(info.totalDelay()).contains(Duration.ofMillis(300));
            assertThat(info.outputOperations()).singleElement()
                    .satisfies(o -> assertThat(o.description()).isEqualTo("foreach"));
        }
    }

    @Test
    void theDelayLogShowsSecondsWithFiveDecimalsAsStringFormatDid() {
        for (long millis : new long[] {0, 1, 9, 10, 999, 1000, 1001, 61_234, 123_456_789}) {
            assertThat(JobScheduler.seconds(millis)).isEqualTo(String.format(java.util.Locale.ROOT, "%.5f", millis / 1000.0));
        }
    }
}
