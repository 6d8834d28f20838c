package dev.sluice.runtime.internal.operators;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import dev.sluice.api.DStream;
import dev.sluice.api.Pair;
import dev.sluice.runtime.testkit.StreamTestKit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Window operators against a model that takes the window's batches literally: batch k's window
 * holds input batches max(1, k - W + 1)..k, output exists only at multiples of the slide, and
 * the run goes on after input stops so the windows drain.
 */
class WindowOperatorsTest {

    private static final int INPUT_BATCHES = 10;
    private static final Duration BATCH = Duration.ofSeconds(1);

    /** seed, parallelism, window and slide in batches */
    static Stream<Arguments> runs() {
        return Stream.of(
                Arguments.of(1L, 1, 1, 1), Arguments.of(2L, 2, 3, 1), Arguments.of(3L, 4, 4, 2),
                Arguments.of(4L, 2, 6, 3), Arguments.of(5L, 3, 2, 2));
    }

    static <R> void check(long seed, int parallelism, int w, int s,
                          Function<DStream<Integer>, DStream<R>> op, Function<List<Integer>, List<?>> model) {
        var input = PerBatchOperatorsTest.batches(seed);
        while (input.size() < INPUT_BATCHES) {
            input.add(List.of());
        }
        int total = INPUT_BATCHES + w + s;
        try (var kit = new StreamTestKit(BATCH, parallelism)) {
            var in = kit.<Integer>input();
            var out = kit.output(op.apply(in.stream()));
            kit.start();
            input.forEach(in::add);
            kit.runBatches(total);
            for (int k = 1; k <= total; k++) {
                var actual = out.at(kit.batchTime(k));
                if (k % s != 0) {
                    assertThat(actual).as("batch %d is off the slide: no output", k).isNull();
                    continue;
                }
                var window = new ArrayList<Integer>();
                for (int j = Math.max(1, k - w + 1); j <= k; j++) {
                    if (j <= input.size()) {
                        window.addAll(input.get(j - 1));
                    }
                }
                assertThat(actual).as("window at batch %d exists", k).isNotNull();
                assertThat(Canonical.of(actual)).as("window at batch %d (seed %d, window %d, slide %d)", k, seed, w, s)
                        .isEqualTo(Canonical.of(model.apply(window)));
            }
        }
    }

    private static Duration batches(int n) {
        return BATCH.multipliedBy(n);
    }

    @ParameterizedTest
    @MethodSource("runs")
    void windowHoldsTheBatchesOfTheWindow(long seed, int par, int w, int s) {
        check(seed, par, w, s, st -> st.window(batches(w), batches(s)), window -> window);
    }

    @ParameterizedTest
    @MethodSource("runs")
    void reduceByWindow(long seed, int par, int w, int s) {
        // countByWindow, which has no count before the stream's first element, is in SparkWindowParityTest
        check(seed, par, w, s, st -> st.reduceByWindow(Integer::sum, batches(w), batches(s)),
                window -> window.isEmpty() ? List.of() : List.of(window.stream().mapToInt(x -> x).sum()));
    }

    @ParameterizedTest
    @MethodSource("runs")
    void keyedWindows(long seed, int par, int w, int s) {
        Function<List<Integer>, List<Pair<Integer, Integer>>> sums = window ->
                Model.group(PerBatchOperatorsTest.keyed(window)).entrySet().stream()
                        .map(e -> Pair.of(e.getKey(), e.getValue().stream().mapToInt(x -> x).sum())).toList();
        check(seed, par, w, s, st -> PerBatchOperatorsTest.keyed(st).groupByKeyAndWindow(batches(w), batches(s)),
                window -> Model.group(PerBatchOperatorsTest.keyed(window)).entrySet().stream()
                        .map(e -> Pair.of(e.getKey(), e.getValue())).toList());
        check(seed, par, w, s, st -> PerBatchOperatorsTest.keyed(st)
                .reduceByKeyAndWindow(Integer::sum, batches(w), batches(s), 3), sums::apply);
        // incremental with a filter dropping keys that fell to zero: the same as the plain window
        check(seed, par, w, s, st -> PerBatchOperatorsTest.keyed(st).reduceByKeyAndWindow(Integer::sum,
                (a, b) -> a - b, batches(w), batches(s), 2, p -> p.value() != 0), window ->
                sums.apply(window).stream().filter(p -> p.value() != 0).toList());
        check(seed, par, w, s, st -> st.countByValueAndWindow(batches(w), batches(s)), window -> {
            var counts = new LinkedHashMap<Integer, Long>();
            window.forEach(x -> counts.merge(x, 1L, Long::sum));
            return counts.entrySet().stream().map(e -> Pair.of(e.getKey(), e.getValue())).toList();
        });
    }
}
