package dev.sluice.runtime.internal.operators.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import dev.sluice.api.Pair;
import dev.sluice.api.StateSpec;
import dev.sluice.runtime.testkit.StreamTestKit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * mapWithState on one container, where the stage deals the batch's records itself, against a plain
 * map: two inputs in union make batches of several partitions, keys come, are removed by the function
 * (and come back in the same batch), are read and left as they were, time out, and one batch's function
 * throws halfway. A large key
 * space makes the tables rehash as batches bring new keys; without a timeout no key ever times out.
 */
class MapWithStateModelTest {

    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final int REMOVE = 0;
    private static final int THROW = 99;
    private static final int PEEK = 6;
    private static final int TIMEOUT_BATCHES = 3;

    /**
     * A count per key; a 0 removes the key, a 6 maps to the count (-1 for none) and leaves it, a 99
     * throws; a timing-out key maps to minus its count.
     */
    private static StateSpec<Integer, Integer, Long, Pair<Integer, Long>> count(boolean timeout) {
        var spec = StateSpec.<Integer, Integer, Long, Pair<Integer, Long>>function((key, value, state) -> {
                if (state.isTimingOut()) {
                    return Pair.of(key, -state.get());
                }
                int v = value.orElseThrow();
                if (v == THROW) {
                    throw new IllegalArgumentException("refused " + key);
                }
                if (v == REMOVE) {
                    state.remove();
                    return Pair.of(key, 0L);
                }
                if (v == PEEK) {
                    return Pair.of(key, state.exists() ? state.get() : -1L);
                }
                long count = state.getOption().orElse(0L) + v;
                state.update(count);
                return Pair.of(key, count);
            }).numPartitions(3);
        return timeout ? spec.timeout(Duration.ofSeconds(TIMEOUT_BATCHES)) : spec;
    }

    @ParameterizedTest
    @CsvSource({"1, 1, 40, 30, true", "2, 2, 40, 30, true", "3, 3, 40, 30, true", "4, 2, 40, 30, true",
            "5, 2, 5000, 400, true", "6, 2, 40, 30, false", "7, 3, 5000, 400, false"})
    void shouldMatchAPlainMapBatchByBatch(long seed, int parallelism, int keys, int maxRecords, boolean timeout) {
        var random = new Random(seed);
        try (var kit = new StreamTestKit(SECOND, parallelism)) {
            var a = kit.<Pair<Integer, Integer>>input();
            var b = kit.<Pair<Integer, Integer>>input();
            var mapped = a.stream().union(b.stream()).mapToPair(p -> p).mapWithState(count(timeout));
            var out = kit.output(mapped);
            var snapshots = kit.output(mapped.stateSnapshots());
            kit.start();

            var state = new HashMap<Integer, Long>();
            var touched = new HashMap<Integer, Integer>();
            int failingBatch = 4 + random.nextInt(8);
            for (int n = 1; n <= 16; n++) {
                var first = records(random, keys, maxRecords, n == failingBatch);
                var second = records(random, keys, maxRecords, false);
                a.add(first);
                b.add(second);
                var info = kit.runBatch();

                if (n == failingBatch) {
                    assertThat(info.failure()).as("batch %d with a throwing function", n).isPresent();
                } else {
                    assertThat(info.failure()).as("batch %d", n).isEmpty();
                    var expected = new LinkedHashMap<Integer, List<Long>>();
                    var all = new ArrayList<>(first);
                    all.addAll(second);
                    for (var p : all) {
                        long result;
                        if (p.value() == REMOVE) {
                            state.remove(p.key());
                            touched.remove(p.key());
                            result = 0L;
                        } else if (p.value() == PEEK) {
                            result = state.getOrDefault(p.key(), -1L);
                            if (state.containsKey(p.key())) {
                                touched.put(p.key(), n); // data came: it is touched, its state as it was
                            }
                        } else {
                            result = state.getOrDefault(p.key(), 0L) + p.value();
                            state.put(p.key(), result);
                            touched.put(p.key(), n);
                        }
                        expected.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(result);
                    }
                    for (var e : new ArrayList<>(touched.entrySet())) {
                        if (timeout && e.getValue() <= n - TIMEOUT_BATCHES) {
                            expected.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(-state.remove(e.getKey()));
                            touched.remove(e.getKey());
                        }
                    }
                    assertThat(byKey(out.at(kit.batchTime(n)))).as("each key's mapped values in batch %d", n)
                            .isEqualTo(expected);
                }
                var snapshot = new HashMap<Integer, Long>();
                if (n != failingBatch) {
                    snapshots.at(kit.batchTime(n)).forEach(p -> snapshot.put(p.key(), p.value()));
                    assertThat(snapshot).as("state after batch %d", n).isEqualTo(state);
                }
            }
        }
    }

    /** Up to {@code max} records over {@code keys} keys, some removing; with {@code failing}, a throwing one in the middle. */
    private static List<Pair<Integer, Integer>> records(Random random, int keys, int max, boolean failing) {
        var out = new ArrayList<Pair<Integer, Integer>>();
        int n = random.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            int value = switch (random.nextInt(16)) {
                case 0, 1 -> REMOVE;
                case 2 -> PEEK;
                default -> 1 + random.nextInt(5);
            };
            out.add(Pair.of(random.nextInt(keys), value));
        }
        if (failing) {
            out.add(out.size() / 2, Pair.of(random.nextInt(40), THROW));
        }
        return out;
    }

    private static Map<Integer, List<Long>> byKey(List<Pair<Integer, Long>> mapped) {
        var out = new LinkedHashMap<Integer, List<Long>>();
        mapped.forEach(p -> out.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p.value()));
        return out;
    }
}
