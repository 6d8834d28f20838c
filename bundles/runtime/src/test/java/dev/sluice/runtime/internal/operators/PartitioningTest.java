package dev.sluice.runtime.internal.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Dataset;
import dev.sluice.api.InvalidGraphException;
import dev.sluice.runtime.testkit.StreamTestKit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PartitioningTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    /** How many elements each partition of a dataset holds. */
    private static <T> List<Integer> sizes(Dataset<T> batch) {
        return batch.mapPartitions(it -> {
            int n = 0;
            for (; it.hasNext(); it.next()) {
                n++;
            }
            return List.of(n).iterator();
        }).collect();
    }

    @ParameterizedTest
    @CsvSource({"1, 4", "3, 1", "4, 7", "2, 2"})
    void repartitionGivesExactlyThatManyNearEqualPartitionsOfTheSameElements(int parallelism, int partitions) {
        var seen = new ConcurrentHashMap<Integer, List<Integer>>();
        try (var kit = new StreamTestKit(SECOND, parallelism)) {
            var in = kit.<Integer>input();
            var repartitioned = in.stream().repartition(partitions);
            repartitioned.foreach(batch -> seen.put(1, sizes(batch)));
            var out = kit.output(repartitioned);
            kit.start();
            var batch = IntStream.range(0, 1001).boxed().toList();
            in.add(batch);
            kit.runBatch();

            assertThat(out.at(kit.batchTime(1))).containsExactlyInAnyOrderElementsOf(batch);
            assertThat(seen.get(1)).hasSize(partitions);
            int max = seen.get(1).stream().max(Integer::compare).orElseThrow();
            int min = seen.get(1).stream().min(Integer::compare).orElseThrow();
            assertThat(max - min).isLessThanOrEqualTo(parallelism);
        }
    }

    @Test
    void coalesceJoinsNeighbouringPartitionsInOrderWithoutAddingAny() {
        var seen = new ConcurrentHashMap<Integer, Integer>();
        try (var kit = new StreamTestKit(SECOND, 4)) {
            var in = kit.<Integer>input();
            var two = in.stream().coalesce(2);
            var many = in.stream().coalesce(10);
            two.foreach(batch -> seen.put(2, batch.numPartitions()));
            many.foreach(batch -> seen.put(10, batch.numPartitions()));
            var out = kit.output(two);
            kit.start();
            var batch = IntStream.range(0, 100).boxed().toList();
            in.add(batch);
            kit.runBatch();

            assertThat(out.at(kit.batchTime(1))).containsExactlyElementsOf(batch);
            assertThat(seen).isEqualTo(Map.of(2, 2, 10, 4));
        }
    }

    @Test
    void aPartitionCountBelowOneIsRefusedWhenTheGraphIsBuilt() {
        try (var kit = new StreamTestKit(SECOND, 1)) {
            var s = kit.<Integer>input().stream();
            assertThatThrownBy(() -> s.repartition(0)).isInstanceOf(InvalidGraphException.class)
                    .hasMessage("repartition: the number of partitions must be at least 1, got 0");
            assertThatThrownBy(() -> s.coalesce(-1)).isInstanceOf(InvalidGraphException.class)
                    .hasMessage("coalesce: the number of partitions must be at least 1, got -1");
        }
    }
}
