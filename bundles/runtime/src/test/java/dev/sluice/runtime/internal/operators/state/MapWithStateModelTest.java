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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * mapWithState on one container, where the stage deals the batch's records itself, against a plain
 * map: two inputs in union make batches of several partitions, keys come, are removed by the function
 * (and come back in the same batch), are read and left as they were, time out, and one batch's function
 * throws halfway. A large key
 * space makes the tables rehash as batches bring new keys; without a timeout no key ever times out.
 * Keys are numbers, or words, some short enough to be packed in their slots and found in the mapping
 * pass (a batch's new ones rehashing the table midway), some too long, looked up as they are dealt.
 * Batches of up to 240,000 records deal each map task more records than one chunk holds.
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
    private static StateSpec<Object, Integer, Long, Pair<Object, Long>> count(boolean timeout) {
        var spec = StateSpec.<Object, Integer, Long, Pair<Object, Long>>function((key, value, state) -> {
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

    /** Key {@code k} of the model as the stream has it: the number itself, or a word. */
    private static Object key(int k, boolean words) {
        if (!words) {
            return k;
        }
        return k % 3 == 0 ? "a-key-too-long-to-pack-" + k : "w" + k;
    }

    @ParameterizedTest
    @CsvSource({"1, 1, 40, 30, true, false", "2, 2, 40, 30, true, false", "3, 3, 40, 30, true, false",
            "4, 2, 40, 30, true, false", "5, 2, 5000, 400, true, false", "6, 2, 40, 30, false, false",
            "7, 3, 5000, 400, false, false", "8, 2, 40, 30, true, true", "9, 2, 5000, 400, true, true",
            "10, 3, 5000, 400, false, true", "11, 2, 200000, 120000, true, true",
            "12, 3, 200000, 120000, false, false"})
    void shouldMatchAPlainMapBatchByBatch(long seed, int parallelism, int keys, int maxRecords, boolean timeout,
                                          boolean words) {
        var random = new Random(seed);
        try (var kit = new StreamTestKit(SECOND, parallelism)) {
            var a = kit.<Pair<Integer, Integer>>input();
            var b = kit.<Pair<Integer, Integer>>input();
            var mapped = a.stream().union(b.stream()).mapToPair(p -> Pair.of(key(p.key(), words), p.value()))
                    .mapWithState(count(timeout));
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
                    var expected = new LinkedHashMap<Object, List<Long>>();
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
                        expected.computeIfAbsent(key(p.key(), words), k -> new ArrayList<>()).add(result);
                    }
                    for (var e : new ArrayList<>(touched.entrySet())) {
                        if (timeout && e.getValue() <= n - TIMEOUT_BATCHES) {
                            expected.computeIfAbsent(key(e.getKey(), words), k -> new ArrayList<>())
                                    .add(-state.remove(e.getKey()));
                            touched.remove(e.getKey());
                        }
                    }
                    assertThat(byKey(out.at(kit.batchTime(n)))).as("each key's mapped values in batch %d", n)
                            .isEqualTo(expected);
                }
                var snapshot = new HashMap<Object, Long>();
                if (n != failingBatch) {
                    snapshots.at(kit.batchTime(n)).forEach(p -> snapshot.put(p.key(), p.value()));
                    var expectedState = new HashMap<Object, Long>();
                    state.forEach((k, v) -> expectedState.put(key(k, words), v));
                    assertThat(snapshot).as("state after batch %d", n).isEqualTo(expectedState);
                }
            }
        }
    }

    /**
     * A batch of a thousand new words, which the tables make room for as the mapping pass finds them,
     * rehashing midway, fails at its end: its changes, made before the rehash moved them, are undone, and
     * the old keys time out when they would have.
     */
    @Test
    void aBatchThatRehashedMidwayAndThrowsLeavesTheStateAsItWas() {
        try (var kit = new StreamTestKit(SECOND, 2)) {
            var in = kit.<Pair<Object, Integer>>input();
            var mapped = in.stream().mapToPair(p -> p).mapWithState(count(true));
            var out = kit.output(mapped);
            var snapshots = kit.output(mapped.stateSnapshots());
            kit.start();
            var old = new HashMap<Object, Long>();
            var first = new ArrayList<Pair<Object, Integer>>();
            for (int k = 1; k <= 9; k++) {
                first.add(Pair.of("w" + k, 1));
                old.put("w" + k, 1L);
            }
            in.add(first);
            assertThat(kit.runBatch().failure()).isEmpty();

            var failing = new ArrayList<Pair<Object, Integer>>(List.of(Pair.of("w1", REMOVE), Pair.of("w2", 1)));
            for (int k = 0; k < 1000; k++) {
                failing.add(Pair.of("n" + k, 1));
            }
            failing.add(Pair.of("w2", THROW));
            in.add(failing);
            assertThat(kit.runBatch().failure()).isPresent();

            in.add(List.of(Pair.of("w3", 1)));
            assertThat(kit.runBatch().failure()).isEmpty();
            old.put("w3", 2L);
            var snapshot = new HashMap<Object, Long>();
            snapshots.at(kit.batchTime(3)).forEach(p -> snapshot.put(p.key(), p.value()));
            assertThat(snapshot).isEqualTo(old);

            in.add(List.of());
            assertThat(kit.runBatch().failure()).isEmpty();
            var timedOut = new HashMap<Object, List<Long>>();
            old.forEach((k, v) -> {
                if (!k.equals("w3")) {
                    timedOut.put(k, List.of(-v));
                }
            });
            assertThat(byKey(out.at(kit.batchTime(4)))).as("the keys last touched in batch 1 time out").isEqualTo(timedOut);
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

    private static Map<Object, List<Long>> byKey(List<Pair<Object, Long>> mapped) {
        var out = new LinkedHashMap<Object, List<Long>>();
        mapped.forEach(p -> out.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p.value()));
        return out;
    }
}
