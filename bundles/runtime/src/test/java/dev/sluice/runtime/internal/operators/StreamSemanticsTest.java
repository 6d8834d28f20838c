package dev.sluice.runtime.internal.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import dev.sluice.api.InvalidGraphException;
import dev.sluice.api.Pair;
import dev.sluice.runtime.testkit.StreamTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamSemanticsTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    @Test
    void incrementalWindowWithoutAFilterKeepsKeysAtTheNeutralValue() {
        try (var kit = new StreamTestKit(SECOND, 2)) {
            var in = kit.<Pair<String, Integer>>input();
            var out = kit.output(in.stream().mapToPair(p -> p)
                    .reduceByKeyAndWindow(Integer::sum, (a, b) -> a - b, Duration.ofSeconds(2), SECOND));
            kit.start();
            in.add(List.of(Pair.of("a", 1)));
            in.add(List.of(Pair.of("b", 2)));
            kit.runBatches(5);
            assertThat(out.at(kit.batchTime(1))).containsExactlyInAnyOrder(Pair.of("a", 1));
            assertThat(out.at(kit.batchTime(2))).containsExactlyInAnyOrder(Pair.of("a", 1), Pair.of("b", 2));
            assertThat(out.at(kit.batchTime(3))).containsExactlyInAnyOrder(Pair.of("a", 0), Pair.of("b", 2));
            assertThat(out.at(kit.batchTime(4))).containsExactlyInAnyOrder(Pair.of("a", 0), Pair.of("b", 0));
            assertThat(out.at(kit.batchTime(5))).containsExactlyInAnyOrder(Pair.of("a", 0), Pair.of("b", 0));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void updateStateByKeyCallsTheFunctionForEveryKeyWithStateOrValuesEveryBatch(int parallelism) {
        var random = new Random(parallelism);
        var calls = new AtomicInteger();
        try (var kit = new StreamTestKit(SECOND, parallelism)) {
            var in = kit.<Integer>input();
            // a running total per key; a key leaves once its total passes 60
            var out = kit.output(PerBatchOperatorsTest.keyed(in.stream())
                    .<Integer>updateStateByKey((values, state) -> {
                        calls.incrementAndGet();
                        int total = state.orElse(0) + values.stream().mapToInt(v -> v).sum();
                        return total > 60 ? Optional.empty() : Optional.of(total);
                    }, 3));
            kit.start();
            var model = new HashMap<Integer, Integer>();
            for (int b = 1; b <= 12; b++) {
                var batch = new ArrayList<Integer>();
                int n = b % 4 == 0 ? 0 : random.nextInt(8);
                for (int i = 0; i < n; i++) {
                    batch.add(random.nextInt(20));
                }
                in.add(batch);
                var values = Model.group(PerBatchOperatorsTest.keyed(batch));
                var keys = new java.util.HashSet<>(model.keySet());
                keys.addAll(values.keySet());
                calls.set(0);
                kit.runBatch();
                assertThat(calls.get()).as("update calls in batch %d", b).isEqualTo(keys.size());
                for (Integer k : keys) {
                    int total = model.getOrDefault(k, 0) + values.getOrDefault(k, List.of()).stream().mapToInt(v -> v).sum();
                    if (total > 60) {
                        model.remove(k);
                    } else {
                        model.put(k, total);
                    }
                }
                Map<Integer, Integer> actual = new HashMap<>();
                out.at(kit.batchTime(b)).forEach(p -> actual.put(p.key(), p.value()));
                assertThat(actual).as("state after batch %d", b).isEqualTo(model);
            }
        }
    }

    @Test
    void aStreamReadByTwoOutputsIsComputedOncePerBatch() {
        var calls = new AtomicInteger();
        try (var kit = new StreamTestKit(SECOND, 2)) {
            var in = kit.<Integer>input();
            var doubled = in.stream().map(x -> {
                calls.incrementAndGet();
                return x * 2;
            });
            kit.output(doubled);
            kit.output(doubled.window(Duration.ofSeconds(3)));
            kit.start();
            in.add(List.of(1, 2, 3));
            in.add(List.of(4));
            kit.runBatches(4);
        }
        assertThat(calls).hasValue(4);
    }

    @Test
    void invalidDurationsAreRejectedWhenTheGraphIsBuilt() {
        try (var kit = new StreamTestKit(SECOND, 1)) {
            var s = kit.<Integer>input().stream();
            assertThatThrownBy(() -> s.window(Duration.ofMillis(2500), SECOND))
                    .isInstanceOf(InvalidGraphException.class)
                    .hasMessage("window: window duration 2500 ms must be a positive multiple of the parent stream's"
                            + " slide duration 1000 ms (the batch interval unless windowed)");
            assertThatThrownBy(() -> s.window(Duration.ofSeconds(4), Duration.ofMillis(1500)))
                    .isInstanceOf(InvalidGraphException.class)
                    .hasMessage("window: slide duration 1500 ms must be a positive multiple of the parent stream's"
                            + " slide duration 1000 ms (the batch interval unless windowed)");
            assertThatThrownBy(() -> s.window(Duration.ofSeconds(5), Duration.ofSeconds(2)))
                    .isInstanceOf(InvalidGraphException.class)
                    .hasMessage("window: window duration 5000 ms must be a multiple of the slide duration 2000 ms");
            assertThatThrownBy(() -> s.mapToPair(x -> Pair.of(x, 1)).reduceByKeyAndWindow(Integer::sum,
                    (a, b) -> a - b, Duration.ofSeconds(3), Duration.ofSeconds(2)))
                    .isInstanceOf(InvalidGraphException.class)
                    .hasMessage("reduceByKeyAndWindow: window duration 3000 ms must be a multiple of the slide"
                            + " duration 2000 ms");
            var windowed = s.window(Duration.ofSeconds(4), Duration.ofSeconds(2));
            assertThatThrownBy(() -> windowed.checkpoint(Duration.ofSeconds(3)))
                    .isInstanceOf(InvalidGraphException.class)
                    .hasMessageContaining("must be a positive multiple of its slide duration 2000 ms, got 3000 ms");
            assertThatThrownBy(() -> s.window(Duration.ofSeconds(4)).window(Duration.ofSeconds(2), Duration.ofSeconds(3)))
                    .isInstanceOf(InvalidGraphException.class);
        }
    }

    @Test
    void windowedAndStatefulStreamsKeepOnlyWhatTheyNeedOverALongRun() {
        try (var kit = new StreamTestKit(SECOND, 2)) {
            var in = kit.<Integer>input();
            var keyed = PerBatchOperatorsTest.keyed(in.stream());
            keyed.reduceByKeyAndWindow(Integer::sum, (a, b) -> a - b, Duration.ofSeconds(30), SECOND, 2,
                    p -> p.value() != 0).foreach(b -> b.count());
            keyed.updateStateByKey((List<Integer> v, Optional<Integer> st) -> Optional.of(st.orElse(0) + v.size()))
                    .foreach(b -> b.count());
            in.stream().window(Duration.ofSeconds(10), Duration.ofSeconds(5)).foreach(b -> b.count());
            kit.start();
            var retained = new ArrayList<Integer>();
            for (int b = 0; b < 2_000; b++) {
                in.add(List.of(b % 50, b % 13, 7));
                kit.runBatch();
                if (b >= 100) {
                    retained.add(kit.context().graph().retainedDatasets());
                }
            }
            assertThat(retained).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(retained.get(0)));
            assertThat(retained.get(0)).isLessThan(60);
        }
    }
}
