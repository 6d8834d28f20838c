package dev.sluice.benchmarks.jmh;

import dev.sluice.api.Pair;
import dev.sluice.api.Partitioner;
import dev.sluice.runtime.internal.exec.Aggregator;
import dev.sluice.runtime.internal.exec.MapSideCombiner;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The word count's map task per line: split into words, pair each with 1, combine per word
 * ({@code reduceByKey(Integer::sum)}) into two hash partitions, against a hand-written loop into
 * one {@code HashMap}. The words are split afresh each time, as a batch does, so their hashes are
 * computed as in a batch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@OperationsPerInvocation(MapSideCombineBenchmark.LINES)
public class MapSideCombineBenchmark {

    static final int LINES = 20_000;

    private String[] lines;

    @Setup
    public void makeLines() {
        lines = new Words(7).lines(LINES);
    }

    @Benchmark
    public Map<String, Integer> handWrittenLoop() {
        var counts = new HashMap<String, Integer>();
        for (String line : lines) {
            for (String word : line.split(" ")) {
                counts.merge(word, 1, Integer::sum);
            }
        }
        return counts;
    }

    @Benchmark
    public Map<String, Integer>[] mapSideCombiner() {
        var combiner = new MapSideCombiner<String, Integer, Integer>(Aggregator.reducing(Integer::sum),
                Partitioner.hash(2), 0);
        for (String line : lines) {
            for (String word : line.split(" ")) {
                combiner.accept(Pair.of(word, 1));
            }
        }
        return combiner.tables();
    }
}
