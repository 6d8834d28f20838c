package dev.sluice.runtime.internal.operators;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import dev.sluice.api.Pair;
import dev.sluice.api.StateSpec;
import dev.sluice.runtime.testkit.StreamTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MapWithStateTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    /**
     * A count per key, started from an initial state; each value maps to (key, count so far), a key
     * idle for 3 batches maps to (key, -1) and leaves. The model does the same with a map.
     */
    @ParameterizedTest
    @CsvSource({"1, 1", "2, 2", "3, 4"})
    void shouldMatchTheModelCallingTheFunctionOnlyForNewValuesAndTimeouts(long seed, int parallelism) {
        var random = new Random(seed);
        var calls = new AtomicInteger();
        var initial = List.of(Pair.of(1, 100L), Pair.of(40, 7L));
        var spec = StateSpec.<Integer, Integer, Long, Pair<Integer, Long>>function((key, value, state) -> {
            calls.incrementAndGet();
            if (state.isTimingOut()) {
                return Pair.of(key, -1L);
            }
            long count = state.getOption().orElse(0L) + 1;
            state.update(count);
            return Pair.of(key, count);
        }).timeout(Duration.ofSeconds(3)).initialState(initial).numPartitions(3);

        try (var kit = new StreamTestKit(SECOND, parallelism)) {
            var in = kit.<Integer>input();
            var mapped = in.stream().mapToPair(x -> Pair.of(x, x)).mapWithState(spec);
            var out = kit.output(mapped);
            var snapshots = kit.output(mapped.stateSnapshots());
            kit.start();

            var state = new HashMap<Integer, Long>();
            var touched = new HashMap<Integer, Integer>();
            initial.forEach(p -> {
                state.put(p.key(), p.value());
                touched.put(p.key(), 1);
            });
            for (int b = 1; b <= 15; b++) {
                var batch = new ArrayList<Integer>();
                int n = b % 5 == 0 ? 0 : random.nextInt(12);
                for (int i = 0; i < n; i++) {
                    batch.add(random.nextInt(30));
                }
                in.add(batch);
                calls.set(0);
                kit.runBatch();

                var expected = new ArrayList<Pair<Integer, Long>>();
                for (int key : batch) {
                    long count = state.getOrDefault(key, 0L) + 1;
                    state.put(key, count);
                    touched.put(key, b);
                    expected.add(Pair.of(key, count));
                }
                int timeouts = 0;
                for (var e : new ArrayList<>(touched.entrySet())) {
                    if (e.getValue() <= b - 3) {
                        expected.add(Pair.of(e.getKey(), -1L));
                        state.remove(e.getKey());
                        touched.remove(e.getKey());
                        timeouts++;
                    }
                }
                assertThat(Canonical.of(out.at(kit.batchTime(b)))).as("mapped values of batch %d", b)
                        .isEqualTo(Canonical.of(expected));
                assertThat(calls.get()).as("calls in batch %d", b).isEqualTo(batch.size() + timeouts);
                Map<Integer, Long> snapshot = new HashMap<>();
                snapshots.at(kit.batchTime(b)).forEach(p -> snapshot.put(p.key(), p.value()));
                assertThat(snapshot).as("state after batch %d", b).isEqualTo(state);
            }
        }
    }

    @Test
    void shouldLeaveTheStateAsItWasWhenTheFunctionThrows() {
        var spec = StateSpec.<String, Integer, Integer, Integer>function((key, value, state) -> {
            if (value.orElseThrow() < 0) {
                throw new IllegalArgumentException("negative value for " + key);
            }
            int sum = state.getOption().orElse(0) + value.orElseThrow();
            state.update(sum);
            return sum;
        });
        try (var kit = new StreamTestKit(SECOND, 2)) {
            var in = kit.<Pair<String, Integer>>input();
            var snapshots = kit.output(in.stream().mapToPair(p -> p).mapWithState(spec).stateSnapshots());
            kit.start();
            in.add(List.of(Pair.of("a", 1), Pair.of("b", 2)));
            in.add(List.of(Pair.of("a", 10), Pair.of("b", -1)));
            in.add(List.of(Pair.of("a", 100)));
            var infos = kit.runBatches(3);
            assertThat(infos.get(1).failure()).isPresent();
            assertThat(snapshots.at(kit.batchTime(1))).containsExactlyInAnyOrder(Pair.of("a", 1), Pair.of("b", 2));
            // batch 2 failed as a whole: neither a's 10 nor anything else of it reached the state
            assertThat(snapshots.at(kit.batchTime(3))).containsExactlyInAnyOrder(Pair.of("a", 101), Pair.of("b", 2));
        }
    }

    /** A running sum whose update throws for a key that got -1. */
    private static final java.util.function.BiFunction<List<Integer>, java.util.Optional<Integer>,
            java.util.Optional<Integer>> SUM_REFUSING_MINUS_ONE = (values, state) -> {
                if (values.contains(-1)) {
                    throw new IllegalArgumentException("bad value");
                }
                return java.util.Optional.of(state.orElse(0) + values.stream().mapToInt(v -> v).sum());
            };

    @Test
    void updateStateByKeyCarriesTheStateOverABatchWhoseFunctionThrows() {
        try (var kit = new StreamTestKit(SECOND, 2)) {
            var in = kit.<Pair<String, Integer>>input();
            var out = kit.output(in.stream().mapToPair(p -> p).updateStateByKey(SUM_REFUSING_MINUS_ONE));
            kit.start();
            in.add(List.of(Pair.of("a", 1)));
            in.add(List.of(Pair.of("a", -1)));
            in.add(List.of(Pair.of("a", 5)));
            var infos = kit.runBatches(3);
            assertThat(infos.get(1).failure()).isPresent();
            assertThat(infos.get(2).failure()).isEmpty();
            assertThat(out.at(kit.batchTime(3))).containsExactly(Pair.of("a", 6));
        }
    }

    /** Every key of a large state in both partitions keeps its state when one key's update throws (state changed in place). */
    @Test
    void updateStateByKeyInPlaceChangesNoKeyOfABatchWhoseFunctionThrows() {
        int keys = 1000;
        try (var kit = new StreamTestKit(SECOND, 2)) {
            var in = kit.<Pair<Integer, Integer>>input();
            var out = kit.output(in.stream().mapToPair(p -> p).updateStateByKey(SUM_REFUSING_MINUS_ONE));
            kit.start();
            in.add(java.util.stream.IntStream.range(0, keys).mapToObj(k -> Pair.of(k, 1)).toList());
            var failing = new java.util.ArrayList<Pair<Integer, Integer>>();
            for (int k = 0; k < keys; k++) {
                failing.add(Pair.of(k, k == keys / 2 ? -1 : 10));
            }
            in.add(failing);
            in.add(java.util.stream.IntStream.range(0, keys).mapToObj(k -> Pair.of(k, 1)).toList());
            var infos = kit.runBatches(3);

            assertThat(infos.get(1).failure()).isPresent();
            assertThat(out.at(kit.batchTime(3))).hasSize(keys).allMatch(p -> p.value() == 2);
        }
    }

    /** The previous batch's mapped values are let go once the next batch runs, but not when a window reads them. */
    @Test
    void aWindowOverMappedValuesSeesEveryBatchItCovers() {
        var spec = StateSpec.<String, Integer, Integer, String>function((key, value, state) -> {
            int n = state.getOption().orElse(0) + value.orElse(0);
            state.update(n);
            return key + "=" + n;
        });
        try (var kit = new StreamTestKit(SECOND, 2)) {
            var in = kit.<Pair<String, Integer>>input();
            var mapped = in.stream().mapToPair(p -> p).mapWithState(spec);
            var windowed = kit.output(mapped.window(java.time.Duration.ofSeconds(3), SECOND));
            var plain = kit.output(mapped);
            kit.start();
            in.add(List.of(Pair.of("a", 1), Pair.of("b", 5)));
            in.add(List.of(Pair.of("a", 2)));
            in.add(List.of(Pair.of("b", 1)));
            kit.runBatches(3);

            assertThat(windowed.at(kit.batchTime(3))).containsExactlyInAnyOrder("a=1", "b=5", "a=3", "b=6");
            assertThat(plain.at(kit.batchTime(3))).containsExactly("b=6");
        }
    }
}
