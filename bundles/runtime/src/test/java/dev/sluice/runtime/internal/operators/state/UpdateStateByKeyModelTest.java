package dev.sluice.runtime.internal.operators.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.BiFunction;
import dev.sluice.api.Pair;
import dev.sluice.runtime.testkit.StreamTestKit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * updateStateByKey on one container, where the stage deals the batch's values to the state's slots,
 * against a plain map: two inputs in union make batches of several partitions; keys come, get no
 * values for a while, are dropped by the function, come back; one batch's function throws halfway
 * through a partition. The state is a number (kept unboxed) or a string of every value in arrival order.
 */
class UpdateStateByKeyModelTest {

    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final int DROP = 0;
    private static final int THROW = 99;

    /** A key's next state from its values in order; empty drops it. */
    private interface Rule<S> {
        Optional<S> next(List<Integer> values, Optional<S> state);
    }

    /** A sum; a 0 among the values drops the key, as does a sum over 40 on a batch with no values. */
    private static final Rule<Long> SUM = (values, state) -> {
        if (values.contains(DROP)) {
            return Optional.empty();
        }
        long sum = state.orElse(0L);
        for (int v : values) {
            sum += v;
        }
        return values.isEmpty() && sum > 40 ? Optional.empty() : Optional.of(sum);
    };

    /** Every value so far in arrival order; dropped as {@link #SUM} drops, or when it grows past 30 characters. */
    private static final Rule<String> TRAIL = (values, state) -> {
        if (values.contains(DROP)) {
            return Optional.empty();
        }
        var trail = new StringBuilder(state.orElse(""));
        values.forEach(v -> trail.append(v).append(';'));
        return values.isEmpty() && trail.length() > 30 ? Optional.empty() : Optional.of(trail.toString());
    };

    @ParameterizedTest
    @CsvSource({"1, 1", "2, 2", "3, 3", "4, 2"})
    void shouldKeepACountAsAPlainMapDoes(long seed, int parallelism) {
        check(seed, parallelism, SUM);
    }

    @ParameterizedTest
    @CsvSource({"5, 1", "6, 2", "7, 3"})
    void shouldHandEveryKeyItsValuesInArrivalOrder(long seed, int parallelism) {
        check(seed, parallelism, TRAIL);
    }

    private static <S> void check(long seed, int parallelism, Rule<S> rule) {
        var random = new Random(seed);
        BiFunction<List<Integer>, Optional<S>, Optional<S>> update = (values, state) -> {
            if (values.contains(THROW)) {
                throw new IllegalArgumentException("refused");
            }
            return rule.next(values, state);
        };
        try (var kit = new StreamTestKit(SECOND, parallelism)) {
            var a = kit.<Pair<Integer, Integer>>input();
            var b = kit.<Pair<Integer, Integer>>input();
            var counts = a.stream().union(b.stream()).mapToPair(p -> p).updateStateByKey(update, 3);
            var out = kit.output(counts);
            kit.start();

            var state = new HashMap<Integer, S>();
            int failingBatch = 4 + random.nextInt(8);
            for (int n = 1; n <= 16; n++) {
                var first = records(random, n == failingBatch);
                var second = records(random, false);
                a.add(first);
                b.add(second);
                var info = kit.runBatch();
                if (n == failingBatch) {
                    assertThat(info.failure()).as("batch %d with a throwing function", n).isPresent();
                    continue;
                }
                assertThat(info.failure()).as("batch %d", n).isEmpty();
                var values = new LinkedHashMap<Integer, List<Integer>>();
                state.keySet().forEach(k -> values.put(k, new ArrayList<>()));
                first.forEach(p -> values.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p.value()));
                second.forEach(p -> values.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p.value()));
                values.forEach((k, vs) -> rule.next(vs, Optional.ofNullable(state.get(k)))
                        .ifPresentOrElse(s -> state.put(k, s), () -> state.remove(k)));

                Map<Integer, S> seen = new HashMap<>();
                out.at(kit.batchTime(n)).forEach(p -> seen.put(p.key(), p.value()));
                assertThat(out.at(kit.batchTime(n))).as("one pair per key after batch %d", n).hasSize(seen.size());
                assertThat(seen).as("state after batch %d", n).isEqualTo(state);
            }
        }
    }

    /** Up to 40 records over 60 keys, a few dropping; with {@code failing}, a throwing one in the middle. */
    private static List<Pair<Integer, Integer>> records(Random random, boolean failing) {
        var out = new ArrayList<Pair<Integer, Integer>>();
        int n = random.nextInt(41);
        for (int i = 0; i < n; i++) {
            out.add(Pair.of(random.nextInt(60), random.nextInt(10) == 0 ? DROP : 1 + random.nextInt(5)));
        }
        if (failing) {
            out.add(out.size() / 2, Pair.of(random.nextInt(60), THROW));
        }
        return out;
    }
}
