package dev.sluice.runtime.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Pair;
import dev.sluice.api.Partitioner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;

/** The map side's tables against the obvious model: one HashMap.merge per pair, then split by partition. */
class MapSideCombinerTest {

    private static <K, V> Map<K, V>[] model(List<Pair<K, V>> pairs, BinaryOperator<V> f, Partitioner partitioner) {
        var all = new HashMap<K, V>();
        pairs.forEach(p -> all.merge(p.key(), p.value(), f));
        @SuppressWarnings("unchecked")
        Map<K, V>[] tables = new Map[partitioner.numPartitions()];
        for (int r = 0; r < tables.length; r++) {
            tables[r] = new HashMap<>();
        }
        all.forEach((k, v) -> tables[partitioner.partition(k)].put(k, v));
        return tables;
    }

    private static <K, V> Map<K, V>[] combined(List<Pair<K, V>> pairs, BinaryOperator<V> f, Partitioner partitioner) {
        var combiner = new MapSideCombiner<K, V, V>(Aggregator.reducing(f), partitioner, 0);
        pairs.forEach(combiner);
        return combiner.tables();
    }

    private static List<Pair<String, Integer>> randomPairs(Random random, int n, int keys) {
        var pairs = new ArrayList<Pair<String, Integer>>();
        for (int i = 0; i < n; i++) {
            pairs.add(Pair.of(random.nextInt(10) == 0 ? null : "k" + random.nextInt(keys), random.nextInt(2000) - 1000));
        }
        return pairs;
    }

    @Test
    void sumsEqualTheModelOnRandomInputForAnyNumberOfPartitions() {
        var random = new Random(5);
        for (int n : new int[] {1, 2, 3, 4, 7, 8}) {
            var partitioner = Partitioner.hash(n);
            List<Pair<String, Integer>> pairs = randomPairs(random, 20_000, 500);

            assertThat(combined(pairs, Integer::sum, partitioner)).isEqualTo(model(pairs, Integer::sum, partitioner));
        }
    }

    @Test
    void theFunctionSeesEveryValueInOrderAndANullResultRemovesTheKey() {
        var random = new Random(6);
        List<Pair<String, Integer>> pairs = randomPairs(random, 5_000, 50);
        // not commutative, and null now and then: order and removal show
        BinaryOperator<Integer> f = (a, b) -> (a * 31 + b) % 7 == 0 ? null : a * 31 + b;
        var partitioner = Partitioner.hash(2);

        assertThat(combined(pairs, f, partitioner)).isEqualTo(model(pairs, f, partitioner));
    }

    @Test
    void longSumsEqualTheModelWithAPartitionerOfOddSize() {
        var pairs = new ArrayList<Pair<String, Long>>();
        var random = new Random(8);
        for (int i = 0; i < 5_000; i++) {
            pairs.add(Pair.of("k" + random.nextInt(100), (long) random.nextInt(100)));
        }
        var partitioner = Partitioner.hash(3);

        assertThat(combined(pairs, Long::sum, partitioner)).isEqualTo(model(pairs, Long::sum, partitioner));
    }

    @Test
    void tablesPresizedForManyKeysHoldTheSameCombiners() {
        List<Pair<String, Integer>> pairs = randomPairs(new Random(9), 2_000, 300);
        var partitioner = Partitioner.hash(2);
        var combiner = new MapSideCombiner<String, Integer, Integer>(Aggregator.reducing(Integer::sum), partitioner, 10_000);
        pairs.forEach(combiner);

        assertThat(combiner.tables()).isEqualTo(model(pairs, Integer::sum, partitioner));
        assertThat(combiner.largestTable()).isEqualTo(
                java.util.Arrays.stream(combiner.tables()).mapToInt(Map::size).max().orElseThrow());
    }

    @Test
    void aNullValueIsRefusedAsHashMapRefusesIt() {
        var combiner = new MapSideCombiner<String, Integer, Integer>(Aggregator.reducing(Integer::sum),
                Partitioner.hash(2), 0);
        combiner.accept(Pair.of("a", 1));

        assertThatThrownBy(() -> combiner.accept(Pair.of("a", null))).isInstanceOf(NullPointerException.class);
    }

    @Test
    void groupingKeepsEachKeysValuesInArrivalOrder() {
        var combiner = new MapSideCombiner<String, Integer, List<Integer>>(Aggregator.grouping(), Partitioner.hash(2), 0);
        for (int i = 0; i < 10; i++) {
            combiner.accept(Pair.of("k" + i % 3, i));
        }
        var all = new HashMap<String, List<Integer>>();
        for (Map<String, List<Integer>> table : combiner.tables()) {
            all.putAll(table);
        }

        assertThat(all).containsExactlyInAnyOrderEntriesOf(
                Map.of("k0", List.of(0, 3, 6, 9), "k1", List.of(1, 4, 7), "k2", List.of(2, 5, 8)));
    }
}
