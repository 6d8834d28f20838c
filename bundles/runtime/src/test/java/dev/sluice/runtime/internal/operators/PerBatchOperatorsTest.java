package dev.sluice.runtime.internal.operators;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import dev.sluice.api.DStream;
import dev.sluice.api.Pair;
import dev.sluice.api.PairDStream;
import dev.sluice.runtime.testkit.StreamTestKit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every per-batch operator against its reference model: random batches (empty ones included),
 * several seeds and parallelism settings, compared batch by batch.
 */
class PerBatchOperatorsTest {

    private static final int BATCHES = 8;

    static Stream<Arguments> runs() {
        return Stream.of(1L, 2L, 3L).flatMap(seed -> Stream.of(1, 2, 4).map(par -> Arguments.of(seed, par)));
    }

    /** Random batches of small ints; every third batch is empty. */
    static List<List<Integer>> batches(long seed) {
        var random = new Random(seed);
        var all = new ArrayList<List<Integer>>();
        for (int b = 0; b < BATCHES; b++) {
            int n = b % 3 == 2 ? 0 : random.nextInt(60);
            all.add(IntStream.range(0, n).map(i -> random.nextInt(25)).boxed().toList());
        }
        return all;
    }

    static List<Pair<Integer, Integer>> keyed(List<Integer> batch) {
        return batch.stream().map(x -> Pair.of(x % 7, x)).toList();
    }

    static PairDStream<Integer, Integer> keyed(DStream<Integer> s) {
        return s.mapToPair(x -> Pair.of(x % 7, x));
    }

    /** Runs {@code op} over one input stream and checks every batch against {@code model}. */
    static <R> void check(long seed, int parallelism, Function<DStream<Integer>, DStream<R>> op,
                          Function<List<Integer>, List<?>> model) {
        check(seed, parallelism, (a, b) -> op.apply(a), (a, b) -> model.apply(a));
    }

    /** Runs {@code op} over two input streams and checks every batch against {@code model}. */
    static <R> void check(long seed, int parallelism, BiFunction<DStream<Integer>, DStream<Integer>, DStream<R>> op,
                          BiFunction<List<Integer>, List<Integer>, List<?>> model) {
        var first = batches(seed);
        var second = batches(seed + 100);
        try (var kit = new StreamTestKit(Duration.ofSeconds(1), parallelism)) {
            var a = kit.<Integer>input();
            var b = kit.<Integer>input();
            var out = kit.output(op.apply(a.stream(), b.stream()));
            kit.start();
            for (int i = 0; i < BATCHES; i++) {
                a.add(first.get(i));
                b.add(second.get(i));
            }
            kit.runBatches(BATCHES);
            for (int i = 0; i < BATCHES; i++) {
                assertThat(Canonical.of(out.at(kit.batchTime(i + 1))))
                        .as("batch %d (seed %d, parallelism %d)", i + 1, seed, parallelism)
                        .isEqualTo(Canonical.of(model.apply(first.get(i), second.get(i))));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("runs")
    void mapFilterFlatMapAndMapPartitions(long seed, int par) {
        check(seed, par, s -> s.map(x -> x * 3), batch -> batch.stream().map(x -> x * 3).toList());
        check(seed, par, s -> s.filter(x -> x % 2 == 0), batch -> batch.stream().filter(x -> x % 2 == 0).toList());
        check(seed, par, s -> s.flatMap(x -> List.of(x, -x)),
                batch -> batch.stream().flatMap(x -> Stream.of(x, -x)).toList());
        check(seed, par, s -> s.mapPartitions(PerBatchOperatorsTest::sumOfPartition).reduce(Integer::sum),
                batch -> batch.isEmpty() ? List.of() : List.of(batch.stream().mapToInt(x -> x).sum()));
    }

    /** The sum of a partition's elements; nothing for an empty partition. */
    private static Iterator<Integer> sumOfPartition(Iterator<Integer> it) {
        if (!it.hasNext()) {
            return List.<Integer>of().iterator();
        }
        int sum = 0;
        while (it.hasNext()) {
            sum += it.next();
        }
        return List.of(sum).iterator();
    }

    @ParameterizedTest
    @MethodSource("runs")
    void unionCountReduceAndCountByValue(long seed, int par) {
        check(seed, par, (a, b) -> a.union(b), (a, b) -> Stream.concat(a.stream(), b.stream()).toList());
        check(seed, par, DStream::count, batch -> List.of((long) batch.size()));
        check(seed, par, s -> s.reduce(Math::max),
                batch -> batch.stream().reduce(Math::max).map(List::of).orElse(List.of()));
        check(seed, par, DStream::countByValue, batch -> {
            var counts = new LinkedHashMap<Integer, Long>();
            batch.forEach(x -> counts.merge(x, 1L, Long::sum));
            return counts.entrySet().stream().map(e -> Pair.of(e.getKey(), e.getValue())).toList();
        });
    }

    @ParameterizedTest
    @MethodSource("runs")
    void groupReduceAndCombineByKey(long seed, int par) {
        check(seed, par, s -> keyed(s).groupByKey(),
                batch -> Model.group(keyed(batch)).entrySet().stream().map(e -> Pair.of(e.getKey(), e.getValue())).toList());
        check(seed, par, s -> keyed(s).reduceByKey(Integer::sum, 3),
                batch -> Model.group(keyed(batch)).entrySet().stream()
                        .map(e -> Pair.of(e.getKey(), e.getValue().stream().mapToInt(x -> x).sum())).toList());
        // average per key: (sum, count) combiners
        check(seed, par, s -> keyed(s).combineByKey(v -> new int[] {v, 1}, (c, v) -> new int[] {c[0] + v, c[1] + 1},
                        (x, y) -> new int[] {x[0] + y[0], x[1] + y[1]}, 2).mapValues(c -> c[0] / (double) c[1]),
                batch -> Model.group(keyed(batch)).entrySet().stream().map(e -> Pair.of(e.getKey(),
                        e.getValue().stream().mapToInt(x -> x).sum() / (double) e.getValue().size())).toList());
    }

    @ParameterizedTest
    @MethodSource("runs")
    void mapValuesAndFlatMapValues(long seed, int par) {
        check(seed, par, s -> keyed(s).mapValues(v -> v + 0.5),
                batch -> keyed(batch).stream().map(p -> Pair.of(p.key(), p.value() + 0.5)).toList());
        check(seed, par, s -> keyed(s).flatMapValues(v -> List.of(v, v * 10)),
                batch -> keyed(batch).stream().flatMap(p -> Stream.of(Pair.of(p.key(), p.value()),
                        Pair.of(p.key(), p.value() * 10))).toList());
    }

    @ParameterizedTest
    @MethodSource("runs")
    void joinsAndCogroup(long seed, int par) {
        check(seed, par, (a, b) -> keyed(a).join(keyed(b)), (a, b) -> Model.join(keyed(a), keyed(b)));
        check(seed, par, (a, b) -> keyed(a).leftOuterJoin(keyed(b), 3), (a, b) -> Model.leftOuterJoin(keyed(a), keyed(b)));
        check(seed, par, (a, b) -> keyed(a).rightOuterJoin(keyed(b)), (a, b) -> Model.rightOuterJoin(keyed(a), keyed(b)));
        check(seed, par, (a, b) -> keyed(a).fullOuterJoin(keyed(b), 1), (a, b) -> Model.fullOuterJoin(keyed(a), keyed(b)));
        check(seed, par, (a, b) -> keyed(a).cogroup(keyed(b)), (a, b) -> Model.cogroup(keyed(a), keyed(b)));
    }

    @ParameterizedTest
    @MethodSource("runs")
    void transformJoinsEveryBatchWithStaticData(long seed, int par) {
        var names = List.of(Pair.of(0, "zero"), Pair.of(3, "three"), Pair.of(5, "five"));
        check(seed, par, s -> keyed(s).transformToPair(batch ->
                        batch.mapToPair(p -> p).join(s.context().parallelizePairs(names))),
                batch -> Model.join(keyed(batch), names));
        check(seed, par, (a, b) -> a.transformWith(b, (x, y) -> x.union(y).filter(v -> v > 10)),
                (a, b) -> Stream.concat(a.stream(), b.stream()).filter(v -> v > 10).toList());
    }
}
