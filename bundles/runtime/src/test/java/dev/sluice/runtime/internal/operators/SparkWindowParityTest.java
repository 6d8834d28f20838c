package dev.sluice.runtime.internal.operators;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import dev.sluice.api.DStream;
import dev.sluice.api.Pair;
import dev.sluice.api.Partitioner;
import dev.sluice.runtime.testkit.StreamTestKit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The window operators whose output Spark Streaming defines by how it builds them: those built on
 * an incremental window (countByWindow, reduceByWindow with an inverse) have no output before the
 * stream's first element and a value for every window after it, empty ones included; the forms
 * that take only a window slide with the stream; the partitioner forms match the plain ones. The
 * input starts with empty batches, so the windows before the first element are there to check.
 */
class SparkWindowParityTest {

    private static final Duration BATCH = Duration.ofSeconds(1);
    private static final int LEADING_EMPTY = 3;

    /** seed, parallelism, window and slide in batches */
    static Stream<Arguments> runs() {
        return Stream.of(
                Arguments.of(1L, 1, 1, 1), Arguments.of(2L, 2, 3, 1), Arguments.of(3L, 4, 4, 2),
                Arguments.of(4L, 2, 6, 3), Arguments.of(5L, 3, 2, 2));
    }

    /** Empty batches, then the random ones (with empty batches among them). */
    static List<List<Integer>> input(long seed) {
        var all = new ArrayList<List<Integer>>();
        for (int i = 0; i < LEADING_EMPTY; i++) {
            all.add(List.of());
        }
        all.addAll(PerBatchOperatorsTest.batches(seed));
        return all;
    }

    /**
     * Runs {@code op} until the windows drained and checks the window at every slide against
     * {@code model}, which gets the window's elements and whether any element came before its end.
     */
    static <R> void check(long seed, int parallelism, int w, int s, Function<DStream<Integer>, DStream<R>> op,
                          BiFunction<List<Integer>, Boolean, List<?>> model) {
        var input = input(seed);
        int total = input.size() + w + s;
        try (var kit = new StreamTestKit(BATCH, parallelism)) {
            var in = kit.<Integer>input();
            var out = kit.output(op.apply(in.stream()));
            kit.start();
            input.forEach(in::add);
            kit.runBatches(total);
            boolean seenData = false;
            for (int k = 1; k <= total; k++) {
                seenData |= k <= input.size() && !input.get(k - 1).isEmpty();
                var actual = out.at(kit.batchTime(k));
                if (k % s != 0) {
                    assertThat(actual).as("batch %d is off the slide: no output", k).isNull();
                    continue;
                }
                var window = new ArrayList<Integer>();
                for (int j = Math.max(1, k - w + 1); j <= Math.min(k, input.size()); j++) {
                    window.addAll(input.get(j - 1));
                }
                assertThat(actual).as("window at batch %d exists", k).isNotNull();
                assertThat(Canonical.of(actual)).as("window at batch %d (seed %d, window %d, slide %d)", k, seed, w, s)
                        .isEqualTo(Canonical.of(model.apply(window, seenData)));
            }
        }
    }

    private static Duration batches(int n) {
        return BATCH.multipliedBy(n);
    }

    @ParameterizedTest
    @MethodSource("runs")
    void countByWindowHasNoCountBeforeTheFirstElementAndZeroForEmptyWindowsAfterIt(long seed, int par, int w, int s) {
        check(seed, par, w, s, st -> st.countByWindow(batches(w), batches(s)),
                (window, seen) -> seen ? List.of((long) window.size()) : List.of());
    }

    @ParameterizedTest
    @MethodSource("runs")
    void reduceByWindowWithAnInverseKeepsItsValueOnceThereWasData(long seed, int par, int w, int s) {
        check(seed, par, w, s, st -> st.reduceByWindow(Integer::sum, (a, b) -> a - b, batches(w), batches(s)),
                (window, seen) -> seen ? List.of(window.stream().mapToInt(x -> x).sum()) : List.of());
        // without an inverse, an empty window has no value, before data or after
        check(seed, par, w, s, st -> st.reduceByWindow(Integer::sum, batches(w), batches(s)),
                (window, seen) -> window.isEmpty() ? List.of() : List.of(window.stream().mapToInt(x -> x).sum()));
    }

    @ParameterizedTest
    @MethodSource("runs")
    void countByValueAndWindowDropsValuesThatFellToZero(long seed, int par, int w, int s) {
        // Spark filters counts of zero out, so an empty window is empty there too
        check(seed, par, w, s, st -> st.countByValueAndWindow(batches(w), batches(s), 3),
                (window, seen) -> counts(window));
    }

    private static List<Pair<Integer, Long>> counts(List<Integer> window) {
        var counts = new LinkedHashMap<Integer, Long>();
        window.forEach(x -> counts.merge(x, 1L, Long::sum));
        return counts.entrySet().stream().map(e -> Pair.of(e.getKey(), e.getValue())).toList();
    }

    private static List<Pair<Integer, Integer>> sums(List<Integer> window) {
        return Model.group(PerBatchOperatorsTest.keyed(window)).entrySet().stream()
                .map(e -> Pair.of(e.getKey(), e.getValue().stream().mapToInt(x -> x).sum())).toList();
    }

    private static List<Pair<Integer, List<Integer>>> groups(List<Integer> window) {
        return Model.group(PerBatchOperatorsTest.keyed(window)).entrySet().stream()
                .map(e -> Pair.of(e.getKey(), e.getValue())).toList();
    }

    @ParameterizedTest
    @MethodSource("runs")
    void windowOnlyFormsSlideWithTheStream(long seed, int par, int w, int s) {
        check(seed, par, w, 1, st -> PerBatchOperatorsTest.keyed(st).reduceByKeyAndWindow(Integer::sum, batches(w)),
                (window, seen) -> sums(window));
        check(seed, par, w, 1, st -> PerBatchOperatorsTest.keyed(st).groupByKeyAndWindow(batches(w)),
                (window, seen) -> groups(window));
        check(seed, par, w, 1, st -> st.countByValueAndWindow(batches(w)), (window, seen) -> counts(window));
    }

    @ParameterizedTest
    @MethodSource("runs")
    void partitionerFormsMatchThePlainOnes(long seed, int par, int w, int s) {
        Partitioner three = Partitioner.hash(3);
        check(seed, par, w, s, st -> PerBatchOperatorsTest.keyed(st)
                .reduceByKeyAndWindow(Integer::sum, batches(w), batches(s), PairingOperatorsTest.PARITY),
                (window, seen) -> sums(window));
        check(seed, par, w, s, st -> PerBatchOperatorsTest.keyed(st)
                .groupByKeyAndWindow(batches(w), batches(s), three), (window, seen) -> groups(window));
        check(seed, par, w, s, st -> PerBatchOperatorsTest.keyed(st).reduceByKeyAndWindow(Integer::sum,
                        (a, b) -> a - b, batches(w), batches(s), PairingOperatorsTest.PARITY, p -> p.value() != 0),
                (window, seen) -> sums(window).stream().filter(p -> p.value() != 0).toList());
    }
}
