package dev.sluice.runtime.internal.operators;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import dev.sluice.api.Time;
import dev.sluice.api.listener.BatchInfo;
import dev.sluice.api.listener.StreamingListener;
import dev.sluice.api.Pair;
import dev.sluice.runtime.testkit.StreamTestKit;
import org.junit.jupiter.api.Test;

/**
 * A function that runs while a batch's jobs are generated ({@code transform}) and throws fails
 * that batch only: the streams after it, state and windows included, go on with the next batch.
 */
class GenerationFailureTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    @Test
    void aTransformThrowingInOneBatchFailsItsOutputsThereAndTheStateGoesOnWithoutThatBatch() {
        try (var kit = new StreamTestKit(SECOND, 2)) {
            var failures = new ConcurrentHashMap<Time, List<String>>();
            kit.context().addStreamingListener(new StreamingListener() {
                @Override
                public void onBatchCompleted(BatchInfo batch) {
                    failures.put(batch.batchTime(), batch.outputOperations().stream()
                            .flatMap(o -> o.failure().stream()).toList());
                }
            });
            var in = kit.<String>input();
            var counts = kit.output(in.stream().transform((batch, time) -> {
                if (time.equals(kit.batchTime(2))) {
                    throw new IllegalStateException("the lookup service is down");
                }
                return batch;
            }).mapToPair(w -> Pair.of(w, 1)).<Integer>updateStateByKey((values, state) ->
                    Optional.of(state.orElse(0) + values.size())));
            var words = kit.output(in.stream().count());
            kit.start();
            in.add(List.of("a", "b"));
            in.add(List.of("a"));        // batch 2: its jobs cannot be generated
            in.add(List.of("a", "c"));
            in.add(List.of("b"));
            kit.runBatches(4);

            assertThat(asMap(counts.at(kit.batchTime(1)))).isEqualTo(Map.of("a", 1, "b", 1));
            assertThat(counts.at(kit.batchTime(2))).as("batch 2's output, which failed").isNull();
            assertThat(failures.get(kit.batchTime(2))).singleElement().asString()
                    .contains("could not be computed for batch 2000 ms", "the lookup service is down");
            assertThat(failures.get(kit.batchTime(3))).isEmpty();
            assertThat(words.at(kit.batchTime(2))).as("the other output's batch 2").containsExactly(1L);
            assertThat(asMap(counts.at(kit.batchTime(3)))).isEqualTo(Map.of("a", 2, "b", 1, "c", 1));
            assertThat(asMap(counts.at(kit.batchTime(4)))).isEqualTo(Map.of("a", 2, "b", 2, "c", 1));
        }
    }

    @Test
    void aTransformThrowingInOneBatchLeavesTheWindowsAfterItWhole() {
        try (var kit = new StreamTestKit(SECOND, 2)) {
            var in = kit.<String>input();
            var windowed = kit.output(in.stream().transform((batch, time) -> {
                if (time.equals(kit.batchTime(2))) {
                    throw new IllegalStateException("the lookup service is down");
                }
                return batch;
            }).mapToPair(w -> Pair.of(w, 1))
                    .reduceByKeyAndWindow(Integer::sum, (a, b) -> a - b, Duration.ofSeconds(2), SECOND));
            kit.start();
            in.add(List.of("a"));
            in.add(List.of("a"));        // batch 2: its jobs cannot be generated
            in.add(List.of("a", "b"));
            in.add(List.of("b"));
            in.add(List.of());
            kit.runBatches(5);

            assertThat(asMap(windowed.at(kit.batchTime(1)))).isEqualTo(Map.of("a", 1));
            assertThat(asMap(windowed.at(kit.batchTime(3)))).isEqualTo(Map.of("a", 1, "b", 1));
            assertThat(asMap(windowed.at(kit.batchTime(4)))).isEqualTo(Map.of("a", 1, "b", 2));
            assertThat(asMap(windowed.at(kit.batchTime(5)))).isEqualTo(Map.of("a", 0, "b", 1));
        }
    }

    private static <K, V> Map<K, V> asMap(List<Pair<K, V>> pairs) {
        var map = new HashMap<K, V>();
        pairs.forEach(p -> map.put(p.key(), p.value()));
        return map;
    }
}
