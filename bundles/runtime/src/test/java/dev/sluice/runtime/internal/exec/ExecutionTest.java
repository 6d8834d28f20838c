package dev.sluice.runtime.internal.exec;

import dev.sluice.api.StorageLevel;
import dev.sluice.runtime.internal.block.BlockId;
import dev.sluice.runtime.internal.block.BlockStore;
import dev.sluice.runtime.internal.input.BlockRdd;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import dev.sluice.runtime.internal.serial.RecordSerializer;
import dev.sluice.runtime.internal.serial.RecordTypes;
import java.nio.file.Path;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import dev.sluice.api.Pair;
import dev.sluice.runtime.testkit.StreamTestKit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ExecutionTest {

    @Test
    void shouldFuseNarrowOperatorsIntoOnePassPerPartition() {
        var trace = new CopyOnWriteArrayList<String>();
        try (var kit = new StreamTestKit(Duration.ofSeconds(1), 1)) {
            var in = kit.<String>input();
            var out = kit.output(in.stream()
                    .map(s -> { trace.add("map " + s); return s + s; })
                    .filter(s -> { trace.add("filter " + s); return !s.startsWith("b"); })
                    .flatMap(s -> { trace.add("flatMap " + s); return List.of(s, s.toUpperCase()); }));
            kit.start();
            in.add(List.of("a", "b", "c"));
            kit.runBatch();
            // element by element through the whole chain, not operator by operator
            assertThat(trace).containsExactly("map a", "filter aa", "flatMap aa", "map b", "filter bb",
                    "map c", "filter cc", "flatMap cc");
            assertThat(out.at(kit.batchTime(1))).containsExactly("aa", "AA", "cc", "CC");
        }
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "2, 3", "4, 7", "3, 16"})
    void shouldReduceByKeyIntoNumTasksHashPartitions(int parallelism, int numTasks) {
        var partitionsSeen = new CopyOnWriteArrayList<Integer>();
        var placement = new HashMap<String, Integer>();
        try (var kit = new StreamTestKit(Duration.ofSeconds(1), parallelism)) {
            var in = kit.<String>input();
            var counts = in.stream().mapToPair(w -> Pair.of(w, 1)).reduceByKey(Integer::sum, numTasks);
            counts.foreach(batch -> {
                batch.count(); // an action runs the shuffle's map stage
                var rdd = ((DatasetImpl<Pair<String, Integer>>) batch).rdd();
                partitionsSeen.add(rdd.numPartitions());
                synchronized (placement) {
                    for (int p = 0; p < rdd.numPartitions(); p++) {
                        int part = p;
                        rdd.compute(p, pair -> placement.put(pair.key(), part));
                    }
                }
            });
            var out = kit.output(counts);
            kit.start();
            var random = new Random(parallelism * 31L + numTasks);
            var expected = new ArrayList<Map<String, Integer>>();
            for (int b = 0; b < 5; b++) {
                var words = new ArrayList<String>();
                int n = b == 2 ? 0 : random.nextInt(2_000);
                for (int i = 0; i < n; i++) {
                    words.add("w" + random.nextInt(300));
                }
                expected.add(countWords(words));
                in.add(words);
            }
            kit.runBatches(5);
            for (int b = 0; b < 5; b++) {
                var actual = new HashMap<String, Integer>();
                out.at(kit.batchTime(b + 1)).forEach(p -> actual.put(p.key(), p.value()));
                assertThat(actual).as("batch %d", b + 1).isEqualTo(expected.get(b));
            }
        }
        assertThat(partitionsSeen).containsOnly(numTasks);
        placement.forEach((key, part) -> assertThat(part).isEqualTo(HashPartitioner.partition(key, numTasks)));
    }

    /** The obviously correct reference: one map, one pass. */
    private static Map<String, Integer> countWords(List<String> words) {
        var m = new HashMap<String, Integer>();
        words.forEach(w -> m.merge(w, 1, Integer::sum));
        return m;
    }

    @Test
    void shouldCutAReceivedBlockIntoPiecesSoEveryWorkerMapsPartOfIt() throws Exception {
        var lines = new ArrayList<String>();
        var words = new ArrayList<String>();
        for (int i = 0; i < 1_001; i++) {
            lines.add("w" + (i % 7) + " w" + (i % 3));
            words.addAll(List.of("w" + (i % 7), "w" + (i % 3)));
        }
        var bothMapping = new CountDownLatch(2);
        Set<Thread> mappers = ConcurrentHashMap.newKeySet();
        var serializer = new RecordSerializer(RecordTypes.builtIn());
        try (var store = new BlockStore(() -> serializer, Long.MAX_VALUE, Path.of(System.getProperty("java.io.tmpdir")));
             var pool = new WorkerPool(2, "test")) {
            store.put(BlockId.input(0, 0), lines, StorageLevel.MEMORY_AND_DISK_SER);
            Rdd<Pair<String, Integer>> pairs = new PipelinedRdd<>(new BlockRdd<String>(List.of(BlockId.input(0, 0)), store),
                    Stage.<String, Pair<String, Integer>>flatMap(line -> {
                        if (mappers.add(Thread.currentThread())) {
                            // each worker waits here for the other: one task for the whole block would wait in vain
                            bothMapping.countDown();
                            awaitQuietly(bothMapping);
                        }
                        return Arrays.stream(line.split(" ")).map(w -> Pair.of(w, 1)).toList();
                    }));
            var counts = new ShuffledRdd<>(pairs, Aggregator.<Integer>reducing(Integer::sum), 3);

            var result = new DatasetImpl<>(counts, new Execution(pool, 3, store)).collect();

            assertThat(bothMapping.getCount()).as("both workers mapped a piece of the one block at once").isZero();
            assertThat(result.stream().collect(Collectors.toMap(Pair::key, Pair::value))).isEqualTo(countWords(words));
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5})
    void shouldCombineMapSideSoEachMapTaskSendsOneValuePerKey(int maps) {
        var merges = new java.util.concurrent.atomic.AtomicInteger();
        var partitions = new ArrayList<List<Pair<String, Integer>>>();
        for (int m = 0; m < maps; m++) {
            var part = new ArrayList<Pair<String, Integer>>();
            for (int i = 0; i < 1_000; i++) {
                part.add(Pair.of("k" + (i % 10), 1));
            }
            partitions.add(part);
        }
        var shuffled = new ShuffledRdd<>(new ListRdd<>(partitions),
                Aggregator.<Integer, Integer>combining(v -> v, Integer::sum, (a, b) -> {
                    merges.incrementAndGet();
                    return a + b;
                }), 3);
        try (var pool = new WorkerPool(2, "test")) {
            var result = new DatasetImpl<>(shuffled, new Execution(pool, 3, new BlockStore(() -> new RecordSerializer(RecordTypes.builtIn()),
                    Long.MAX_VALUE, Path.of(System.getProperty("java.io.tmpdir"))))).collect();
            assertThat(result).hasSize(10).allSatisfy(p -> assertThat(p.value()).isEqualTo(100 * maps));
        }
        // reduce side merges one combiner per key and extra map task, never per record
        assertThat(merges.get()).isEqualTo(10 * (maps - 1));
    }
}
