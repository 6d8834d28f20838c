package dev.sluice.runtime.internal.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.Pair;
import dev.sluice.api.PairDStream;
import dev.sluice.api.Partitioner;
import dev.sluice.api.StateSpec;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.Time;
import dev.sluice.runtime.testkit.StreamTestKit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State kept by a partitioner survives a crash: restored into the partitions the partitioner
 * names, the same as without the crash, and an initial state counts once, not again at recovery.
 */
class PartitionedStateRecoveryTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    /** Odd keys in partition 0, even ones in 1: the other way round from a hash of ints. */
    private static final Partitioner PARITY = new Partitioner() {
        @Override
        public int numPartitions() {
            return 2;
        }

        @Override
        public int partition(Object key) {
            return Math.floorMod((Integer) key + 1, 2);
        }
    };

    @TempDir
    Path checkpoint;

    /** Lines counted per key (the line's number modulo 7) three ways, each batch's partitions recorded. */
    private static final class App {
        final StreamTestKit kit;
        final Map<String, Map<Time, List<List<Pair<Integer, Long>>>>> outputs = new ConcurrentHashMap<>();

        App(Path checkpoint, long startMillis) {
            kit = new StreamTestKit(new StreamingSettings("lines", SECOND, 2, Config.empty()), LinesSource.plugins());
            kit.clock().advance(startMillis);
            var ssc = kit.context();
            ssc.checkpoint(checkpoint.toString());
            DStream<String> lines = ssc.batchSourceStream("lines", Config.empty());
            PairDStream<Integer, Long> keyed = lines.mapToPair(l -> Pair.of(Integer.parseInt(l.split(":")[1]) % 7, 1L));
            record("state", keyed.<Long>updateStateByKey((vs, s) -> Optional.of(s.orElse(0L) + vs.size()), PARITY,
                    ssc.parallelizePairs(List.of(Pair.of(0, 1000L), Pair.of(1, 1000L))))
                    .name("state").checkpoint(Duration.ofSeconds(2)));
            var mapped = keyed.mapWithState(StateSpec.<Integer, Long, Long, Integer>function((k, v, st) -> {
                st.update(st.getOption().orElse(0L) + v.orElse(0L));
                return k;
            }).partitioner(PARITY));
            mapped.name("mapped").checkpoint(Duration.ofSeconds(2));
            record("mapped", mapped.stateSnapshots());
            record("window", keyed.reduceByKeyAndWindow(Long::sum, (a, b) -> a - b, Duration.ofSeconds(3), SECOND,
                    PARITY, null).name("window").checkpoint(Duration.ofSeconds(2)));
        }

        private void record(String name, DStream<Pair<Integer, Long>> stream) {
            var byTime = new ConcurrentHashMap<Time, List<List<Pair<Integer, Long>>>>();
            outputs.put(name, byTime);
            stream.glom().foreach((batch, time) -> byTime.put(time, batch.collect()));
        }

        List<List<Pair<Integer, Long>>> at(String name, long t) {
            return outputs.get(name).get(new Time(t));
        }
    }

    @Test
    void restoredStateIsInThePartitionerPartitionsAndEqualsStateWithoutACrash(@TempDir Path reference)
            throws Exception {
        var smooth = new App(reference, 0);
        smooth.kit.start();
        smooth.kit.runBatches(10);
        smooth.kit.close();

        var first = new App(checkpoint, 0);
        first.kit.start();
        first.kit.runBatches(5);
        var checkpointer = first.kit.context().run().checkpointer().orElseThrow();
        RecoveryTest.await("a checkpoint of batch 4", () -> checkpointer.latest()
                .filter(c -> c.lastCompleted().millis() >= 4000).isPresent());
        first.kit.close();
        var second = new App(checkpoint, 8_000);
        second.kit.start();
        for (int i = 0; i < 3; i++) {
            second.kit.awaitBatch();
        }
        second.kit.runBatches(2);
        second.kit.close();

        // a key's count at batch k: its lines of seconds 1..k, 10 * s lines each, keys spread by line % 7
        assertThat(smooth.at("state", 10_000).get(1)).contains(Pair.of(0, 1000L + linesWithKey(0, 10)));
        for (String name : List.of("state", "mapped", "window")) {
            for (long t = 6000; t <= 10_000; t += 1000) {
                var parts = second.at(name, t);
                var expected = smooth.at(name, t);
                // the same keys and values in each partition; the order inside a hash partition is unspecified
                assertThat(parts).as("%s at %d", name, t).hasSameSizeAs(expected);
                for (int p = 0; p < parts.size(); p++) {
                    assertThat(parts.get(p)).as("%s at %d, partition %d", name, t, p)
                            .containsExactlyInAnyOrderElementsOf(expected.get(p));
                }
                assertThat(parts.get(0)).as("%s at %d: odd keys", name, t).allMatch(p -> p.key() % 2 == 1);
                assertThat(parts.get(1)).as("%s at %d: even keys", name, t).allMatch(p -> p.key() % 2 == 0);
            }
        }
    }

    private static long linesWithKey(int key, int seconds) {
        long n = 0;
        for (int s = 1; s <= seconds; s++) {
            for (int line = 0; line < 10 * s; line++) {
                n += line % 7 == key ? 1 : 0;
            }
        }
        return n;
    }
}
