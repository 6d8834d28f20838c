package dev.sluice.runtime.internal.manager;

import static dev.sluice.runtime.testkit.StreamTestKit.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import dev.sluice.api.Config;
import dev.sluice.api.Pair;
import dev.sluice.api.Time;
import dev.sluice.api.management.StageMetrics;
import dev.sluice.api.management.InputMetrics;
import dev.sluice.api.management.StreamMetrics;
import dev.sluice.runtime.internal.time.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running stream's figures for monitoring: each input's rate and records per batch, and its latest checkpoint. */
class MetricsViewTest {

    @TempDir
    Path checkpoints;

    private final StreamsTest.ChangingPlugins plugins = new StreamsTest.ChangingPlugins();
    private final ManualClock clock = new ManualClock(0);
    private final Streams streams = new Streams(plugins, clock);

    @AfterEach
    void stopAll() {
        streams.stopAll();
    }

    @Test
    void shouldGiveEachInputItsRateOverTheLatestBatchesAndTheLatestCheckpointsDurationAndSize() throws Exception {
        var small = new ConcurrentLinkedQueue<List<Integer>>();
        var large = new ConcurrentLinkedQueue<List<Integer>>();
        for (int batch = 0; batch < 3; batch++) {
            small.add(IntStream.range(0, 10).boxed().toList());
            large.add(IntStream.range(0, 30).boxed().toList());
        }
        plugins.sinks.put("recording", new StreamsTest.RecordingSink());
        streams.addApplication("app", (ssc, args) -> ssc.queueStream(small, true)
                .union(ssc.queueStream(large, true)).to("recording", Config.empty()));
        streams.start("app", Config.of(Map.of("batch", "1s", "checkpoint", checkpoints.toString())));

        for (int batch = 1; batch <= 3; batch++) {
            clock.advance(1_000);
            int done = batch;
            await("batch " + batch, () -> streams.metrics("app").totalCompletedBatches() == done);
        }
        await("a checkpoint of batch 3", () -> streams.metrics("app").lastCheckpoint()
                .filter(c -> c.batchTime().millis() == 3_000).isPresent());
        StreamMetrics metrics = streams.metrics("app");

        assertThat(metrics.inputs()).extracting(InputMetrics::name)
                .containsExactly("queueStream-0", "queueStream-1");
        assertThat(metrics.inputs()).extracting(InputMetrics::recordsPerSecond).containsExactly(10.0, 30.0);
        assertThat(metrics.inputs()).allSatisfy(i -> assertThat(i.lag()).isEmpty());
        var last = metrics.lastCompletedBatch().orElseThrow();
        assertThat(last.inputRecords()).isEqualTo(Map.of(metrics.inputs().get(0).streamId(), 10L,
                metrics.inputs().get(1).streamId(), 30L));
        assertThat(last.numRecords()).isEqualTo(40);
        var checkpoint = metrics.lastCheckpoint().orElseThrow();
        assertThat(checkpoint.bytes()).isPositive();
        assertThat(checkpoint.durationMillis()).isNotNegative();

        streams.stop("app");

        assertThat(streams.metrics("app").inputs()).isEmpty();
        assertThat(streams.metrics("app").lastCheckpoint()).isEmpty();
    }

    @Test
    void shouldCountEachStreamsRecordsInTheBatchesAfterALookAtTheGraphAndTimeThePipelinesWhereTheyEnd() throws Exception {
        var numbers = new ConcurrentLinkedQueue<List<Integer>>();
        numbers.add(IntStream.range(0, 100).boxed().toList());
        streams.addApplication("app", (ssc, args) -> ssc.queueStream(numbers, true)
                .map(n -> n * 3)
                .filter(n -> n % 2 == 0)
                .mapToPair(n -> Pair.of(n % 7, 1L))
                .reduceByKey(Long::sum)
                .foreach(counts -> counts.collect()));
        streams.start("app", Config.of(Map.of("batch", "1s", "parallelism", "2")));
        assertThat(streams.graph("app").streams()).as("nothing measured before a look at the graph")
                .allSatisfy(s -> assertThat(s.lastBatch()).isEmpty());

        clock.advance(1_000);
        await("batch 1", () -> streams.metrics("app").totalCompletedBatches() == 1);
        var byOperator = new java.util.HashMap<String, StageMetrics>();
        streams.graph("app").streams().forEach(s -> byOperator.put(s.operator(), s.lastBatch()
                .orElseThrow(() -> new AssertionError(s + " has no figures"))));

        assertThat(byOperator.get("queueStream").records()).isEqualTo(100);
        assertThat(byOperator.get("map").records()).isEqualTo(100);
        assertThat(byOperator.get("filter").records()).isEqualTo(50);
        assertThat(byOperator.get("mapToPair").records()).isEqualTo(50);
        assertThat(byOperator.get("reduceByKey").records()).isEqualTo(7);
        assertThat(byOperator.values()).allSatisfy(f -> assertThat(f.batchTime()).isEqualTo(new Time(1_000)));
        // the shuffle's map stage runs the pipeline up to mapToPair; the output reads reduceByKey's tables
        assertThat(byOperator.get("mapToPair").time()).isPresent();
        assertThat(byOperator.get("reduceByKey").time()).isPresent();
        assertThat(byOperator.get("queueStream").time()).as("fused into the pipeline").isEmpty();
        assertThat(byOperator.get("map").time()).isEmpty();
        assertThat(byOperator.get("filter").time()).isEmpty();
    }
}
