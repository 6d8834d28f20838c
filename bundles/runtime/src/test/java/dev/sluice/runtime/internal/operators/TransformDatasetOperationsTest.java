package dev.sluice.runtime.internal.operators;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.stream.IntStream;
import dev.sluice.api.Pair;
import dev.sluice.runtime.testkit.StreamTestKit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dataset operations as transform users call them, batch after batch of a running stream:
 * each batch's output in the exact order the model gives, where the operation defines one.
 */
class TransformDatasetOperationsTest {

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> runs() {
        return PerBatchOperatorsTest.runs();
    }

    @ParameterizedTest
    @MethodSource("runs")
    void sortByKeyDistinctAndZipWithIndexInsideTransform(long seed, int par) {
        var input = PerBatchOperatorsTest.batches(seed);
        try (var kit = new StreamTestKit(Duration.ofSeconds(1), par)) {
            var in = kit.<Integer>input();
            var keyed = PerBatchOperatorsTest.keyed(in.stream());
            var sorted = kit.output(keyed.transformToPair(batch -> batch.mapToPair(p -> p)
                    .foldByKey(0, Integer::sum).sortByKey(false, 3)));
            var ranked = kit.output(in.stream().transformToPair(batch -> batch.distinct().sortBy(x -> x, true, 2)
                    .zipWithIndex()));
            var smallest = kit.output(in.stream().transform(batch ->
                    kit.context().parallelize(batch.takeOrdered(3, Comparator.reverseOrder()))));
            kit.start();
            input.forEach(in::add);
            kit.runBatches(input.size());

            for (int k = 1; k <= input.size(); k++) {
                var batch = input.get(k - 1);
                var sums = new ArrayList<>(Model.group(PerBatchOperatorsTest.keyed(batch)).entrySet().stream()
                        .map(e -> Pair.of(e.getKey(), e.getValue().stream().mapToInt(x -> x).sum())).toList());
                sums.sort(Comparator.comparing((Pair<Integer, Integer> p) -> p.key()).reversed());
                assertThat(sorted.at(kit.batchTime(k))).as("batch %d", k).isEqualTo(sums);
                var distinct = batch.stream().distinct().sorted().toList();
                assertThat(ranked.at(kit.batchTime(k))).as("batch %d", k).isEqualTo(IntStream.range(0, distinct.size())
                        .mapToObj(i -> Pair.of(distinct.get(i), (long) i)).toList());
                assertThat(smallest.at(kit.batchTime(k))).as("batch %d", k)
                        .isEqualTo(batch.stream().sorted(Comparator.reverseOrder()).limit(3).toList());
            }
        }
    }
}
