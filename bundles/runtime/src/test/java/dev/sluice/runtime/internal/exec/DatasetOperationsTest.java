package dev.sluice.runtime.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import dev.sluice.api.Dataset;
import dev.sluice.api.Pair;
import dev.sluice.api.PairDataset;
import dev.sluice.api.Partitioner;
import dev.sluice.api.SluiceException;
import dev.sluice.runtime.internal.block.BlockStore;
import dev.sluice.runtime.internal.serial.RecordSerializer;
import dev.sluice.runtime.internal.serial.RecordTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dataset operations that transform functions call, against the obvious computation on the
 * elements in a list: random datasets of small ints (duplicates, empty partitions, empty
 * datasets), several seeds and partition counts, on a real worker pool.
 */
class DatasetOperationsTest {

    private static final WorkerPool POOL = new WorkerPool(3, "dataset-test");
    private static final Execution EXECUTION = new Execution(POOL, 3, new BlockStore(
            () -> new RecordSerializer(RecordTypes.builtIn()), Long.MAX_VALUE,
            Path.of(System.getProperty("java.io.tmpdir"))));

    @AfterAll
    static void closePool() {
        POOL.close();
    }

    /** seed and number of partitions */
    static Stream<Arguments> runs() {
        return Stream.of(1L, 2L, 3L, 4L).flatMap(seed -> Stream.of(1, 3, 8).map(n -> Arguments.of(seed, n)));
    }

    /** Random partitions of ints in [0, 20); about one in four is empty, and so is every seed-3 dataset's first. */
    static List<List<Integer>> partitions(long seed, int n) {
        var random = new Random(seed * 31 + n);
        var parts = new ArrayList<List<Integer>>();
        for (int p = 0; p < n; p++) {
            int size = random.nextInt(4) == 0 || (seed == 3 && p == 0) ? 0 : random.nextInt(40);
            parts.add(IntStream.range(0, size).map(i -> random.nextInt(20)).boxed().toList());
        }
        return parts;
    }

    static List<Integer> flat(List<List<Integer>> parts) {
        return parts.stream().flatMap(List::stream).toList();
    }

    static Dataset<Integer> dataset(List<List<Integer>> parts) {
        return new DatasetImpl<>(new ListRdd<>(parts), EXECUTION);
    }

    static PairDataset<Integer, Integer> pairs(List<List<Integer>> parts) {
        return dataset(parts).mapToPair(x -> Pair.of(x % 6, x));
    }

    static List<Pair<Integer, Integer>> keyed(List<Integer> elements) {
        return elements.stream().map(x -> Pair.of(x % 6, x)).toList();
    }

    @ParameterizedTest
    @MethodSource("runs")
    void sortByOrdersTheElementsAcrossPartitionsInEitherDirection(long seed, int n) {
        var parts = partitions(seed, n);
        var elements = flat(parts);
        for (int partitions : List.of(1, 2, 5)) {
            var ascending = dataset(parts).sortBy(x -> x % 7, true, partitions);
            var descending = dataset(parts).sortBy(x -> x % 7, false, partitions);
            assertThat(ascending.numPartitions()).isEqualTo(partitions);
            assertThat(ascending.collect()).containsExactlyInAnyOrderElementsOf(elements)
                    .extracting(x -> x % 7).isSorted();
            assertThat(descending.collect()).containsExactlyInAnyOrderElementsOf(elements)
                    .extracting(x -> -(x % 7)).isSorted();
        }
    }

    @ParameterizedTest
    @MethodSource("runs")
    void sortByKeyOrdersThePairsByKey(long seed, int n) {
        var parts = partitions(seed, n);
        var expected = keyed(flat(parts));
        assertThat(pairs(parts).sortByKey().collect()).containsExactlyInAnyOrderElementsOf(expected)
                .extracting(Pair::key).isSorted();
        assertThat(pairs(parts).sortByKey(false).collect()).containsExactlyInAnyOrderElementsOf(expected)
                .extracting(p -> -p.key()).isSorted();
        var byComparator = pairs(parts).sortByKey(Comparator.<Integer>reverseOrder(), true, 4);
        assertThat(byComparator.numPartitions()).isEqualTo(4);
        assertThat(byComparator.collect()).containsExactlyInAnyOrderElementsOf(expected)
                .extracting(p -> -p.key()).isSorted();
        assertThat(pairs(parts).sortByKey(true, 3).take(5)).extracting(Pair::key)
                .isEqualTo(expected.stream().map(Pair::key).sorted().limit(5).toList());
    }

    @ParameterizedTest
    @MethodSource("runs")
    void firstTopTakeOrderedAndIsEmpty(long seed, int n) {
        var parts = partitions(seed, n);
        var elements = flat(parts);
        var sorted = elements.stream().sorted().toList();
        var largestFirst = elements.stream().sorted(Comparator.reverseOrder()).toList();
        var ds = dataset(parts);
        assertThat(ds.isEmpty()).isEqualTo(elements.isEmpty());
        if (elements.isEmpty()) {
            assertThatThrownBy(ds::first).isInstanceOf(NoSuchElementException.class)
                    .hasMessage("first() of an empty dataset; check isEmpty() first or use take(1)");
        } else {
            assertThat(ds.first()).isEqualTo(elements.get(0));
        }
        for (int k : List.of(0, 1, 5, 1000, Integer.MAX_VALUE)) {
            assertThat(ds.takeOrdered(k)).isEqualTo(sorted.subList(0, Math.min(k, sorted.size())));
            assertThat(ds.top(k)).isEqualTo(largestFirst.subList(0, Math.min(k, sorted.size())));
            assertThat(ds.top(k, Comparator.comparing(x -> -x))).isEqualTo(ds.takeOrdered(k));
        }
    }

    @ParameterizedTest
    @MethodSource("runs")
    void distinctGlomAndZipWithIndex(long seed, int n) {
        var parts = partitions(seed, n);
        var elements = flat(parts);
        assertThat(dataset(parts).distinct().collect()).containsExactlyInAnyOrderElementsOf(new HashSet<>(elements));
        assertThat(pairs(parts).distinct(2).collect()).containsExactlyInAnyOrderElementsOf(
                new LinkedHashSet<>(keyed(elements)));
        assertThat(dataset(parts).glom().collect()).isEqualTo(parts);
        var indexed = dataset(parts).zipWithIndex().collect();
        assertThat(indexed).isEqualTo(IntStream.range(0, elements.size())
                .mapToObj(i -> Pair.of(elements.get(i), (long) i)).toList());
    }

    @ParameterizedTest
    @MethodSource("runs")
    void subtractIntersectionAndCartesian(long seed, int n) {
        var parts = partitions(seed, n);
        var others = partitions(seed + 50, 3);
        var mine = flat(parts);
        var theirs = flat(others);
        assertThat(dataset(parts).subtract(dataset(others)).collect())
                .containsExactlyInAnyOrderElementsOf(mine.stream().filter(x -> !theirs.contains(x)).toList());
        assertThat(dataset(parts).intersection(dataset(others), 2).collect())
                .containsExactlyInAnyOrderElementsOf(mine.stream().filter(theirs::contains).distinct().toList());
        var product = new ArrayList<Pair<Integer, Integer>>();
        mine.forEach(a -> theirs.forEach(b -> product.add(Pair.of(a, b))));
        var cartesian = dataset(parts).cartesian(dataset(others));
        assertThat(cartesian.numPartitions()).isEqualTo(n * 3);
        assertThat(cartesian.collect()).containsExactlyInAnyOrderElementsOf(product);
        assertThat(pairs(parts).subtract(pairs(others)).collect()).containsExactlyInAnyOrderElementsOf(
                keyed(mine).stream().filter(p -> !keyed(theirs).contains(p)).toList());
    }

    @ParameterizedTest
    @MethodSource("runs")
    void keyedAggregationsKeysValuesAndSubtractByKey(long seed, int n) {
        var parts = partitions(seed, n);
        var others = partitions(seed + 50, 2);
        var mine = keyed(flat(parts));
        Map<Integer, List<Integer>> groups = mine.stream()
                .collect(Collectors.groupingBy(Pair::key, Collectors.mapping(Pair::value, Collectors.toList())));
        assertThat(pairs(parts).aggregateByKey(0L, 4, (acc, v) -> acc + (long) v * v, Long::sum).collect())
                .containsExactlyInAnyOrderElementsOf(groups.entrySet().stream().map(e -> Pair.of(e.getKey(),
                        e.getValue().stream().mapToLong(v -> (long) v * v).sum())).toList());
        assertThat(pairs(parts).aggregateByKey(List.<Integer>of(), (acc, v) -> append(acc, v), DatasetOperationsTest::concat)
                .mapValues(list -> list.stream().sorted().toList()).collect())
                .containsExactlyInAnyOrderElementsOf(groups.entrySet().stream().map(e -> Pair.of(e.getKey(),
                        e.getValue().stream().sorted().toList())).toList());
        assertThat(pairs(parts).foldByKey(0, Integer::sum).collect()).containsExactlyInAnyOrderElementsOf(
                groups.entrySet().stream().map(e -> Pair.of(e.getKey(), e.getValue().stream().mapToInt(x -> x).sum()))
                        .toList());
        assertThat(pairs(parts).countByKey()).isEqualTo(groups.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> (long) e.getValue().size())));
        assertThat(pairs(parts).keys().collect()).isEqualTo(mine.stream().map(Pair::key).toList());
        assertThat(pairs(parts).values().collect()).isEqualTo(flat(parts));
        for (int key : List.of(0, 3, 5)) {
            assertThat(pairs(parts).lookup(key)).containsExactlyInAnyOrderElementsOf(groups.getOrDefault(key, List.of()));
        }
        var map = pairs(parts).collectAsMap();
        assertThat(map.keySet()).isEqualTo(groups.keySet());
        map.forEach((k, v) -> assertThat(groups.get(k)).contains(v));
        var theirKeys = keyed(flat(others)).stream().map(Pair::key).collect(Collectors.toSet());
        assertThat(pairs(parts).subtractByKey(pairs(others).mapValues(String::valueOf)).collect())
                .containsExactlyInAnyOrderElementsOf(mine.stream().filter(p -> !theirKeys.contains(p.key())).toList());
    }

    @ParameterizedTest
    @MethodSource("runs")
    void partitionByPutsEveryPairInThePartitionTheKeyNames(long seed, int n) {
        var parts = partitions(seed, n);
        Partitioner byKey = new Partitioner() {
            @Override
            public int numPartitions() {
                return 6;
            }

            @Override
            public int partition(Object key) {
                return (Integer) key;
            }
        };
        var placed = pairs(parts).partitionBy(byKey).glom().collect();
        assertThat(placed).hasSize(6);
        for (int p = 0; p < 6; p++) {
            int key = p;
            assertThat(placed.get(p)).as("partition %d", p).allMatch(pair -> pair.key() == key);
        }
        assertThat(placed.stream().flatMap(List::stream).toList())
                .containsExactlyInAnyOrderElementsOf(keyed(flat(parts)));
    }

    private static List<Integer> append(List<Integer> list, int v) {
        var copy = new ArrayList<>(list);
        copy.add(v);
        return copy;
    }

    private static List<Integer> concat(List<Integer> a, List<Integer> b) {
        var copy = new ArrayList<>(a);
        copy.addAll(b);
        return copy;
    }

    @ParameterizedTest
    @MethodSource("runs")
    void sampleWithoutReplacementIsASubsetTheSameForTheSameSeed(long seed, int n) {
        var parts = partitions(seed, n);
        var elements = flat(parts);
        var sample = dataset(parts).sample(false, 0.4, seed).collect();
        assertThat(dataset(parts).sample(false, 0.4, seed).collect()).as("same seed, same sample").isEqualTo(sample);
        var left = new ArrayList<>(elements);
        sample.forEach(x -> assertThat(left.remove(x)).as("%s is in the data as often as sampled", x).isTrue());
        assertThat(dataset(parts).sample(false, 0, seed).collect()).isEmpty();
        assertThat(dataset(parts).sample(false, 1, seed).collect()).isEqualTo(elements);
        var withReplacement = dataset(parts).sample(true, 2.5, seed).collect();
        assertThat(elements).containsAll(withReplacement);
        assertThat(pairs(parts).sample(true, 2.5, seed).values().collect()).isEqualTo(withReplacement);
    }

    @Test
    void sampleSizesFollowTheFraction() {
        var big = IntStream.range(0, 8).mapToObj(p -> IntStream.range(0, 25_000).boxed().toList()).toList();
        // 200,000 elements: one standard deviation is about 0.1% of the size at these fractions
        assertThat(dataset(big).sample(false, 0.3, 42).count()).isBetween(59_000L, 61_000L);
        assertThat(dataset(big).sample(true, 2.0, 42).count()).isBetween(398_000L, 402_000L);
        assertThat(dataset(big).sample(true, 0.5).count()).isBetween(98_000L, 102_000L);
    }

    @Test
    void sortByCutsRangesOfSimilarSize() {
        var random = new Random(11);
        var big = IntStream.range(0, 5).mapToObj(p -> random.ints(20_000).boxed().toList()).toList();
        var sizes = dataset(big).sortBy(x -> x, true, 4).glom().map(List::size).collect();
        assertThat(sizes).hasSize(4).allSatisfy(n -> assertThat(n).isBetween(20_000, 30_000));
        assertThat(sizes.stream().mapToInt(n -> n).sum()).isEqualTo(100_000);
    }

    @Test
    void nullElementsAndKeysSortFirst() {
        var withNulls = new DatasetImpl<Integer>(new ListRdd<>(List.of(java.util.Arrays.asList(3, null, 1),
                java.util.Arrays.asList(null, 2))), EXECUTION);
        assertThat(withNulls.sortBy(x -> x, true, 2).collect()).containsExactly(null, null, 1, 2, 3);
        assertThat(withNulls.takeOrdered(3)).containsExactly(null, null, 1);
        assertThat(withNulls.top(2)).containsExactly(3, 2);
        assertThat(withNulls.mapToPair(x -> Pair.of(x, "v")).sortByKey(false).keys().collect())
                .containsExactly(3, 2, 1, null, null);
    }

    @Test
    void badArgumentsGetOneLineErrorsNamingTheFix() {
        var ds = dataset(List.of(List.of(1, 2)));
        assertThatThrownBy(() -> ds.sample(false, 1.5, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sample: the fraction must be in [0, 1] without replacement, got 1.5");
        assertThatThrownBy(() -> ds.sample(true, -1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sample: the fraction must be a finite number of at least 0 with replacement, got -1.0");
        var objects = new DatasetImpl<Object>(new ListRdd<>(List.of(List.of(new Object(), new Object()))), EXECUTION);
        assertThatThrownBy(() -> objects.top(1)).isInstanceOf(SluiceException.class)
                .hasMessage("top needs elements that are Comparable, got java.lang.Object; pass a Comparator");
        assertThatThrownBy(() -> ds.sortBy(x -> x, true, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the number of partitions must be at least 1, got 0");
    }
}
