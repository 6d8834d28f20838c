package dev.sluice.runtime.internal.operators;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import dev.sluice.api.Pair;
import dev.sluice.api.Partitioner;
import dev.sluice.api.Time;
import dev.sluice.runtime.testkit.StreamTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The per-batch operators that make pairs or see partitions, and the partitioner forms of the
 * keyed ones, against their models on the random batches of {@link PerBatchOperatorsTest}.
 */
class PairingOperatorsTest {

    static Stream<org.junit.jupiter.params.provider.Arguments> runs() {
        return PerBatchOperatorsTest.runs();
    }

    private static List<Pair<Integer, Integer>> sums(List<Pair<Integer, Integer>> pairs) {
        return Model.group(pairs).entrySet().stream()
                .map(e -> Pair.of(e.getKey(), e.getValue().stream().mapToInt(x -> x).sum())).toList();
    }

    @ParameterizedTest
    @MethodSource("runs")
    void flatMapToPairAndMapPartitionsToPairMakeKeyedStreams(long seed, int par) {
        PerBatchOperatorsTest.check(seed, par,
                s -> s.flatMapToPair(x -> List.of(Pair.of(x % 5, x), Pair.of(x % 3, -x))).reduceByKey(Integer::sum),
                batch -> sums(batch.stream().flatMap(x -> Stream.of(Pair.of(x % 5, x), Pair.of(x % 3, -x))).toList()));
        PerBatchOperatorsTest.check(seed, par,
                s -> s.mapPartitionsToPair(PairingOperatorsTest::keyedPartition).reduceByKey(Integer::sum),
                batch -> sums(PerBatchOperatorsTest.keyed(batch)));
    }

    private static Iterator<Pair<Integer, Integer>> keyedPartition(Iterator<Integer> it) {
        var out = new ArrayList<Pair<Integer, Integer>>();
        it.forEachRemaining(x -> out.add(Pair.of(x % 7, x)));
        return out.iterator();
    }

    @ParameterizedTest
    @MethodSource("runs")
    void glomHoldsEveryPartitionWhole(long seed, int par) {
        // the lists' concatenation is the batch; their number is the batch's number of partitions
        PerBatchOperatorsTest.check(seed, par, s -> s.repartition(3).glom().flatMap(list -> list),
                batch -> batch);
        PerBatchOperatorsTest.check(seed, par, s -> s.repartition(3).glom().count(), batch -> List.of(3L));
        PerBatchOperatorsTest.check(seed, par, s -> s.repartition(2).glom().map(List::size).reduce(Integer::sum),
                batch -> List.of(batch.size()));
    }

    @ParameterizedTest
    @MethodSource("runs")
    void transformToPairWithTimeAndTransformWithToPair(long seed, int par) {
        PerBatchOperatorsTest.check(seed, par, s -> s.transformToPair((batch, time) ->
                        batch.mapToPair(x -> Pair.of(x, time.millis()))).map(p -> Pair.of(p.key(), p.value() > 0)),
                batch -> batch.stream().map(x -> Pair.of(x, true)).toList());
        PerBatchOperatorsTest.check(seed, par, (a, b) -> a.transformWithToPair(b, (x, y) ->
                        x.mapToPair(v -> Pair.of(v % 7, v)).join(y.mapToPair(v -> Pair.of(v % 7, v)))),
                (a, b) -> Model.join(PerBatchOperatorsTest.keyed(a), PerBatchOperatorsTest.keyed(b)));
    }

    @ParameterizedTest
    @MethodSource("runs")
    void countByValueWithAPartitionCount(long seed, int par) {
        PerBatchOperatorsTest.check(seed, par, s -> s.countByValue(5), batch -> {
            var counts = new LinkedHashMap<Integer, Long>();
            batch.forEach(x -> counts.merge(x, 1L, Long::sum));
            return counts.entrySet().stream().map(e -> Pair.of(e.getKey(), e.getValue())).toList();
        });
    }

    /** Keys by parity, odd keys in partition 0 and even ones in 1: the other way round from a hash of ints. */
    static final Partitioner PARITY = new Partitioner() {
        @Override
        public int numPartitions() {
            return 2;
        }

        @Override
        public int partition(Object key) {
            return Math.floorMod((Integer) key + 1, 2);
        }

        @Override
        public String toString() {
            return "parity";
        }
    };

    @ParameterizedTest
    @MethodSource("runs")
    void keyedOperatorsWithAPartitionerPutEachKeyWhereItSays(long seed, int par) {
        PerBatchOperatorsTest.check(seed, par, s -> PerBatchOperatorsTest.keyed(s).reduceByKey(Integer::sum, PARITY),
                batch -> sums(PerBatchOperatorsTest.keyed(batch)));
        PerBatchOperatorsTest.check(seed, par, s -> PerBatchOperatorsTest.keyed(s).groupByKey(PARITY),
                batch -> Model.group(PerBatchOperatorsTest.keyed(batch)).entrySet().stream()
                        .map(e -> Pair.of(e.getKey(), e.getValue())).toList());
        PerBatchOperatorsTest.check(seed, par, s -> PerBatchOperatorsTest.keyed(s).combineByKey(v -> (long) v,
                        (c, v) -> c + v, Long::sum, PARITY).mapValues(Long::intValue),
                batch -> sums(PerBatchOperatorsTest.keyed(batch)));
        PerBatchOperatorsTest.check(seed, par, s -> PerBatchOperatorsTest.keyed(s).combineByKey(v -> (long) v,
                        (c, v) -> c + v, Long::sum).mapValues(Long::intValue),
                batch -> sums(PerBatchOperatorsTest.keyed(batch)));
    }

    @ParameterizedTest
    @MethodSource("runs")
    void aPartitionerPutsEveryKeyInThePartitionItNames(long seed, int par) {
        var input = PerBatchOperatorsTest.batches(seed);
        var partitions = new ConcurrentHashMap<Time, List<List<Pair<Integer, Integer>>>>();
        try (var kit = new StreamTestKit(Duration.ofSeconds(1), par)) {
            var in = kit.<Integer>input();
            PerBatchOperatorsTest.keyed(in.stream()).reduceByKey(Integer::sum, PARITY).glom()
                    .foreach((batch, time) -> partitions.put(time, batch.collect()));
            kit.start();
            input.forEach(in::add);
            kit.runBatches(input.size());
        }
        for (int k = 1; k <= input.size(); k++) {
            var parts = partitions.get(new Time(k * 1000L));
            assertThat(parts).as("batch %d has the partitioner's 2 partitions", k).hasSize(2);
            for (int p = 0; p < 2; p++) {
                int parity = p;
                assertThat(parts.get(p)).as("partition %d of batch %d", p, k)
                        .allMatch(pair -> Math.floorMod(pair.key() + 1, 2) == parity);
            }
            var all = new ArrayList<Pair<Integer, Integer>>(parts.get(0));
            all.addAll(parts.get(1));
            assertThat(Canonical.of(all)).isEqualTo(Canonical.of(sums(PerBatchOperatorsTest.keyed(input.get(k - 1)))));
        }
    }

    @Test
    void foreachPairsHandsEveryBatchWithItsTimeAsKeyedDataset() {
        var input = PerBatchOperatorsTest.batches(7);
        var seen = new ConcurrentHashMap<Time, List<Pair<Integer, Integer>>>();
        var plain = new ConcurrentHashMap<Integer, Map<Integer, Integer>>();
        try (var kit = new StreamTestKit(Duration.ofSeconds(1), 2)) {
            var in = kit.<Integer>input();
            var keyed = PerBatchOperatorsTest.keyed(in.stream());
            keyed.foreachPairs((batch, time) -> seen.put(time, batch.reduceByKey(Integer::sum).collect()));
            keyed.foreachPairs(batch -> plain.put(plain.size() + 1, toMap(batch.reduceByKey(Integer::sum, 1).collect())));
            kit.start();
            input.forEach(in::add);
            kit.runBatches(input.size());
        }
        for (int k = 1; k <= input.size(); k++) {
            var expected = sums(PerBatchOperatorsTest.keyed(input.get(k - 1)));
            assertThat(Canonical.of(seen.get(new Time(k * 1000L)))).as("batch %d", k).isEqualTo(Canonical.of(expected));
            assertThat(plain.get(k)).as("batch %d", k).isEqualTo(toMap(expected));
        }
    }

    private static Map<Integer, Integer> toMap(List<Pair<Integer, Integer>> pairs) {
        var m = new LinkedHashMap<Integer, Integer>();
        pairs.forEach(p -> m.put(p.key(), p.value()));
        return m;
    }
}
