package dev.sluice.source.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Config;
import dev.sluice.api.Time;
import dev.sluice.api.kafka.Kafka;
import dev.sluice.api.kafka.KafkaRecord;
import dev.sluice.api.spi.GroupMembership;
import dev.sluice.api.spi.InputSplit;
import dev.sluice.api.spi.KeyExchange;
import dev.sluice.kafka.testkit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A keyed window kept per key partition by two members of a group on a real broker, as the engine
 * keeps a shared reduceByKeyAndWindow: batches of 1 s, a window of four batches sliding by two, so
 * the output, the key partitions' offsets and the changelog commit only every second batch, and a
 * batch between slides completes before the slide's job hands it over. Each member exchanges every
 * batch's word counts marked with their batch, holds its key partitions' batches still in the
 * window, and at each slide logs each new batch as a record and a tombstone for each batch that left. When one member leaves in the middle of a slide, the other gets its key
 * partitions' batches of the slide again, with their batch, and the batches of the last slide
 * committed from the changelog; when a slide's transaction is aborted, the changelog keeps the slide
 * before, tombstones included.
 */
class WindowChangelogTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final int PARTITIONS = 4;
    private static final long WINDOW = 4000;
    private static final String[] WORDS = RandomWords.ANIMALS;

    @Test
    void shouldMoveEachKeyPartitionsWindowWithItInTheMiddleOfASlideAndKeepNoAbortedSlide() throws Exception {
        KAFKA.broker().createTopic("windowed-lines", PARTITIONS);
        var config = Config.of(Map.of(Kafka.BOOTSTRAP_SERVERS, KAFKA.broker().bootstrapServers(),
                Kafka.TOPICS, "windowed-lines", Kafka.STARTING_OFFSETS, "earliest",
                GroupMembership.SHARED_GROUP, "sliding", GroupMembership.SHARED_SESSION_TIMEOUT, "6s",
                KeyExchange.SHUFFLES, "window", KeyExchange.STATE_SHUFFLES, "window"));
        var a = new WindowMember(SourceTestKit.started(config));
        var b = new WindowMember(SourceTestKit.started(config));
        var sent = new TreeMap<Long, Map<String, Long>>();
        try {
            SourceTestKit.await("the input and key partitions divided between the two members",
                    () -> a.source.owned().size() + b.source.owned().size() == PARTITIONS
                            && !a.source.owned().isEmpty() && !b.source.owned().isEmpty()
                            && a.source.exchange().ownedKeyPartitions().size()
                            + b.source.exchange().ownedKeyPartitions().size() == PARTITIONS);
            for (long batch = 1000; batch <= 3000; batch += 1000) {
                sent.put(batch, sendWords(new Random(batch), 60));
                both(a, b, batch);
            }
            assertThat(merged(a, b)).as("the window of batches 1 to 2, committed at 2").isEqualTo(window(sent, 2000));

            // B leaves after planning batch 3, which it would have handed over with the slide at 4: A reads B's
            // input of batch 3 again in batch 4, and gets B's key partitions' batches 1 and 2 from the changelog
            Map<Long, Map<String, Long>> heldByB = copy(b.batches);
            b.source.stop();
            SourceTestKit.await("A to own every input and key partition once B has left",
                    () -> a.source.owned().size() == PARTITIONS
                            && a.source.exchange().ownedKeyPartitions().size() == PARTITIONS);
            sent.put(4000L, sendWords(new Random(4), 60));
            a.batch(4000, true).get(SourceTestKit.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(a.restored).as("B's batches as of its last slide, from the changelog")
                    .isEqualTo(Map.of(1000L, heldByB.get(1000L), 2000L, heldByB.get(2000L)));
            assertThat(a.window(4000)).isEqualTo(window(sent, 4000));

            for (long batch = 5000; batch <= 6000; batch += 1000) {
                sent.put(batch, sendWords(new Random(batch), 60));
                a.batch(batch, true).get(SourceTestKit.WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            assertThat(a.window(6000)).as("batches 1 and 2 left the window").isEqualTo(window(sent, 6000));

            // the slide at batch 8 is aborted: the slide at 10 starts from the changelog as of 6, batches 7 and 8
            // given again by the exchange, and batches 1 and 2 tombstoned at 6 never come back
            for (long batch = 7000; batch <= 10_000; batch += 1000) {
                sent.put(batch, sendWords(new Random(batch), 60));
                a.batch(batch, batch != 8000).get(SourceTestKit.WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            assertThat(a.restored.keySet()).as("every partition restored as of batch 6").containsExactly(3000L, 4000L,
                    5000L, 6000L);
            assertThat(a.window(10_000)).isEqualTo(window(sent, 10_000));
        } finally {
            a.source.stop();
            b.source.stop();
        }
    }

    /** Runs batch {@code batch} on both members at once, committing it at every second batch (a slide). */
    private static void both(WindowMember a, WindowMember b, long batch) throws Exception {
        CompletableFuture.allOf(a.batch(batch, true), b.batch(batch, true))
                .get(SourceTestKit.WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static Map<String, Long> merged(WindowMember a, WindowMember b) {
        var window = new TreeMap<>(a.window(2000));
        b.window(2000).forEach((w, n) -> assertThat(window.put(w, n)).as("%s held by one member only", w).isNull());
        return window;
    }

    /** One container's window at {@code end}: every word sent in its batches, counted. */
    private static Map<String, Long> window(Map<Long, Map<String, Long>> sent, long end) {
        var window = new TreeMap<String, Long>();
        sent.forEach((batch, words) -> {
            if (batch > end - WINDOW && batch <= end) {
                words.forEach((w, n) -> window.merge(w, n, Long::sum));
            }
        });
        return window;
    }

    private static Map<Long, Map<String, Long>> copy(Map<Long, Map<String, Long>> batches) {
        var copy = new TreeMap<Long, Map<String, Long>>();
        batches.forEach((t, words) -> copy.put(t, new TreeMap<>(words)));
        return copy;
    }

    /**
     * A member keeping a window per key partition, as the engine's shared window does: each batch's
     * counts exchanged as lines {@code batch word count}, the batches held per key partition, and at
     * each slide a changelog record {@code batch} per new batch and a tombstone per batch that left.
     */
    private static final class WindowMember {
        final KafkaBatchSource<String, String> source;
        /** Per key partition, batch time to that batch's counts. */
        final Map<Integer, TreeMap<Long, Map<String, Long>>> held = new HashMap<>();
        /** Per key partition, the batches the changelog holds. */
        final Map<Integer, TreeMap<Long, Boolean>> logged = new HashMap<>();
        /** Every key partition's batches, merged (for the assertions). */
        final Map<Long, Map<String, Long>> batches = new TreeMap<>();
        /** The batches the latest slide restored from the changelog, every partition merged. */
        final Map<Long, Map<String, Long>> restored = new TreeMap<>();
        /** The batches planned since the last slide, handed over with the next. */
        private final TreeMap<Long, List<InputSplit<KafkaRecord<String, String>>>> polled = new TreeMap<>();

        WindowMember(KafkaBatchSource<String, String> source) {
            this.source = source;
        }

        /** The window at {@code end} of the key partitions held here. */
        Map<String, Long> window(long end) {
            var window = new TreeMap<String, Long>();
            held.values().forEach(byBatch -> byBatch.forEach((batch, words) -> {
                if (batch > end - WINDOW && batch <= end) {
                    words.forEach((w, n) -> window.merge(w, n, Long::sum));
                }
            }));
            return window;
        }

        /**
         * Batch {@code time}: planned now; a batch between slides completes at once (it has no output)
         * and is handed over with the next slide, as the engine's job of a slide exchanges its batches.
         */
        CompletableFuture<Void> batch(long time, boolean commit) {
            polled.put(time, source.poll(new Time(time)));
            if (time % 2000 != 0) {
                source.batchCompleted(new Time(time));
                return CompletableFuture.completedFuture(null);
            }
            var slide = new TreeMap<>(polled);
            polled.clear();
            return CompletableFuture.runAsync(() -> {
                KeyExchange.StateChangelog changelog = null;
                for (var batch : slide.entrySet()) {
                    changelog = exchange(batch.getKey(), batch.getValue());
                }
                slide(changelog, time, commit);
                source.batchCompleted(new Time(time));
            });
        }

        /** Batch {@code time}'s counts through the exchange, and what the exchange and the changelog give back. */
        private KeyExchange.StateChangelog exchange(long time, List<InputSplit<KafkaRecord<String, String>>> splits) {
            Map<String, Long> read = RandomWords.read(splits);
            KeyExchange.Shuffle shuffle = source.exchange().shuffle("window");
            int n = shuffle.partitions();
            var lines = new ArrayList<StringBuilder>();
            for (int p = 0; p < n; p++) {
                lines.add(new StringBuilder());
            }
            read.forEach((w, c) -> lines.get(partitionOf(w, n)).append(time).append('\t').append(w).append('\t')
                    .append(c).append('\n'));
            var chunks = new ArrayList<List<byte[]>>();
            lines.forEach(l -> chunks.add(l.isEmpty() ? List.of() : List.of(bytes(l.toString()))));
            shuffle.send(new Time(time), chunks);
            List<List<byte[]>> received = shuffle.receive(new Time(time));
            KeyExchange.StateChangelog changelog = shuffle.changelog();
            Map<Integer, List<KeyExchange.StateEntry>> back = changelog.restored(new Time(time));
            held.keySet().removeIf(p -> received.get(p) == null);
            if (!back.isEmpty()) {
                restored.clear();
            }
            back.forEach((p, entries) -> {
                var byBatch = new TreeMap<Long, Map<String, Long>>();
                var batchesLogged = new TreeMap<Long, Boolean>();
                for (KeyExchange.StateEntry e : entries) {
                    long batch = Long.parseLong(text(e.key()));
                    Map<String, Long> words = parse(text(e.state()));
                    byBatch.put(batch, words);
                    batchesLogged.put(batch, true);
                    words.forEach((w, c) -> restored.computeIfAbsent(batch, t -> new TreeMap<>()).put(w, c));
                }
                held.put(p, byBatch);
                logged.put(p, batchesLogged);
            });
            for (int p = 0; p < n; p++) {
                if (received.get(p) == null) {
                    continue;
                }
                TreeMap<Long, Map<String, Long>> byBatch = held.computeIfAbsent(p, q -> new TreeMap<>());
                for (byte[] chunk : received.get(p)) {
                    for (String line : text(chunk).split("\n")) {
                        String[] bwc = line.split("\t");
                        byBatch.computeIfAbsent(Long.parseLong(bwc[0]), t -> new TreeMap<>())
                                .merge(bwc[1], Long.parseLong(bwc[2]), Long::sum);
                    }
                }
            }
            batches.clear();
            held.values().forEach(byBatch -> byBatch.forEach((t, words) ->
                    batches.computeIfAbsent(t, b -> new TreeMap<>()).putAll(words)));
            return changelog;
        }

        /** The slide's output: new batches logged, batches that left the window tombstoned, then the transaction. */
        private void slide(KeyExchange.StateChangelog changelog, long time, boolean commit) {
            held.forEach((p, byBatch) -> {
                byBatch.headMap(time - WINDOW, true).clear();
                TreeMap<Long, Boolean> onLog = logged.computeIfAbsent(p, q -> new TreeMap<>());
                var changes = new ArrayList<KeyExchange.StateEntry>();
                onLog.keySet().stream().filter(t -> !byBatch.containsKey(t))
                        .forEach(t -> changes.add(new KeyExchange.StateEntry(bytes(Long.toString(t)), null)));
                byBatch.forEach((t, words) -> {
                    if (!onLog.containsKey(t)) {
                        var text = new StringBuilder();
                        words.forEach((w, c) -> text.append(w).append('\t').append(c).append('\n'));
                        changes.add(new KeyExchange.StateEntry(bytes(Long.toString(t)), bytes(text.toString())));
                    }
                });
                if (!changes.isEmpty()) {
                    changelog.write(new Time(time), p, changes);
                }
                var nowLogged = new TreeMap<Long, Boolean>();
                byBatch.keySet().forEach(t -> nowLogged.put(t, true));
                logged.put(p, nowLogged);
            });
            OutputTransactions.write(KAFKA.broker(), "window-changelog-test", source.exchange().reduceSide(), time,
                    commit);
        }
    }

    private static Map<String, Long> parse(String text) {
        var words = new TreeMap<String, Long>();
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) {
                String[] wc = line.split("\t");
                words.put(wc[0], Long.parseLong(wc[1]));
            }
        }
        return words;
    }

    private static int partitionOf(String word, int n) {
        return Math.floorMod(word.hashCode(), n);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static Map<String, Long> sendWords(Random random, int n) throws Exception {
        return RandomWords.send(KAFKA.broker(), "windowed-lines", PARTITIONS, WORDS, random, n);
    }
}
