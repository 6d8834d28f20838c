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
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stage keeping state per key chained with another keyed stage, on a real broker with two members:
 * a running total after a word count ({@code sums}, then {@code totals} reading its key partitions),
 * and a count of running totals after them ({@code totals} reading the input, then {@code histogram}
 * reading its key partitions: how many words have each total so far). A state read by a keyed stage
 * has its changes written in that stage's hand-over, which commits the state's key partitions, so a
 * member taking them over restores them as of the batch handed over. In both, a member joins while
 * a batch is between the stages, so the hand-over is refused: the batch's words are reduced again
 * with the next one, its state changes are dropped, and no total counts a word twice or misses one.
 * And a state that takes its batches at slide times, as a keyed window does, read by the histogram
 * at those times, with its hand-over refused the same way.
 */
class ChainedStateKeyExchangeTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final int PARTITIONS = 4;
    private static final String[] VOCABULARY = {"ant", "bee", "cat", "dog", "eel", "fox", "gnu", "hen", "owl", "yak",
        "ape", "bat", "cod", "doe", "elk"};

    @Test
    void shouldKeepARunningTotalOfAWordCountAcrossAJoinAndATakeover() throws Exception {
        String input = "summed-lines";
        KAFKA.broker().createTopic(input, PARTITIONS);
        var config = config(input, "summing", "sums,totals", "totals", "totals=sums");
        var totals = new TreeMap<String, Long>();
        var a = new Member(SourceTestKit.started(config), false);
        Member b = null;
        try {
            awaitOwningAll(a, "input and key partition");
            send(input, new Random(3), 300, totals);
            a.planned(1000).all();
            assertThat(a.totals).isEqualTo(totals);

            send(input, new Random(5), 250, totals);
            Batch cut = a.planned(2000);
            cut.first();
            b = new Member(SourceTestKit.started(config), false);
            awaitTaking(a, b, "sums");
            cut.sendSecond();
            send(input, new Random(7), 200, totals);
            Batch nextOfA = a.planned(3000);
            Batch nextOfB = b.planned(3000);
            cut.receiveSecond();
            cut.output();
            both(nextOfA, nextOfB);
            assertThat(merged(a.totals, b.totals)).as("the running totals of every batch, each counted once")
                    .isEqualTo(totals);

            Map<String, Long> heldByB = Map.copyOf(b.totals);
            b.source.stop();
            awaitOwningAll(a, "partition once B has left");
            send(input, new Random(9), 100, totals);
            a.planned(4000).all();
            assertThat(a.restored).as("B's totals, restored from the changelog").isEqualTo(heldByB);
            assertThat(a.totals).isEqualTo(totals);
        } finally {
            a.source.stop();
            if (b != null) {
                b.source.stop();
            }
        }
    }

    @Test
    void shouldWriteAStateReadByAKeyedStageWithThatStagesHandOver() throws Exception {
        String input = "histogram-lines";
        KAFKA.broker().createTopic(input, PARTITIONS);
        var config = config(input, "histogram", "totals,histogram", "totals", "histogram=totals");
        var totals = new TreeMap<String, Long>();
        var a = new Member(SourceTestKit.started(config), true);
        Member b = null;
        try {
            awaitOwningAll(a, "input and key partition");
            send(input, new Random(11), 300, totals);
            a.planned(1000).all();
            assertThat(a.totals).isEqualTo(totals);
            assertThat(a.histogram).isEqualTo(histogramOf(totals));
            Map<String, Long> afterFirst = Map.copyOf(totals);
            assertThat(a.committedByOutput).isNotEmpty().allSatisfy(tp -> assertThat(tp).contains("-histogram-"));

            send(input, new Random(13), 250, totals);
            Batch cut = a.planned(2000);
            cut.first();
            b = new Member(SourceTestKit.started(config), true);
            awaitTaking(a, b, "totals");
            cut.sendSecond();
            assertThat(a.source.exchange().reduceSide().reducedIn(GroupExchange.topicOf("histogram", "totals"), 2000))
                    .as("batch 2000's hand-over refused").isEmpty();
            send(input, new Random(15), 200, totals);
            Batch nextOfA = a.planned(3000);
            Batch nextOfB = b.planned(3000);
            cut.receiveSecond();
            cut.output();
            both(nextOfA, nextOfB);
            assertThat(a.restored).as("A's totals restored as of batch 1000: batch 2000's changes were dropped")
                    .isNotEmpty().allSatisfy((w, n) -> assertThat(n).isEqualTo(afterFirst.get(w)));
            assertThat(merged(a.totals, b.totals)).isEqualTo(totals);
            assertThat(merged(a.histogram, b.histogram)).as("the histogram of every total, each word once")
                    .isEqualTo(histogramOf(totals));

            Map<String, Long> heldByB = Map.copyOf(b.totals);
            b.source.stop();
            awaitOwningAll(a, "partition once B has left");
            send(input, new Random(17), 100, totals);
            a.planned(4000).all();
            assertThat(a.restored).as("B's totals, written with the histogram's hand-over").isEqualTo(heldByB);
            assertThat(a.totals).isEqualTo(totals);
            assertThat(a.histogram).isEqualTo(histogramOf(totals));
        } finally {
            a.source.stop();
            if (b != null) {
                b.source.stop();
            }
        }
    }

    /**
     * A keyed window read by a keyed stage, as the Kafka side sees it: the state ({@code totals})
     * takes each batch of its slide (two batches) at the slide's time, in time order, and writes its
     * changes then; the histogram reads it at its slide times only, and its hand-over of the slide's
     * last batch commits the state's key partitions as that batch's reduce left them, with the
     * changes of the whole slide. A member joins in the middle of a slide's hand-over: it is refused,
     * the slide's changes are dropped, and the next slide restores the state as of the slide before.
     */
    @Test
    void shouldHandAStateTakingItsBatchesAtSlideTimesOverToItsReaderAtThoseTimes() throws Exception {
        String input = "sliding-lines";
        KAFKA.broker().createTopic(input, PARTITIONS);
        var config = config(input, "sliding", "totals,histogram", "totals", "histogram=totals");
        var totals = new TreeMap<String, Long>();
        var a = new Member(SourceTestKit.started(config), true);
        Member b = null;
        try {
            awaitOwningAll(a, "input and key partition");
            send(input, new Random(21), 200, totals);
            Slide first = new Slide(a, 1000);
            send(input, new Random(22), 150, totals);
            first.plan(2000);
            first.all();
            assertThat(a.totals).isEqualTo(totals);
            assertThat(a.histogram).isEqualTo(histogramOf(totals));
            Map<String, Long> afterFirst = Map.copyOf(totals);
            assertThat(a.committedByOutput).isNotEmpty().allSatisfy(tp -> assertThat(tp).contains("-histogram-"));

            send(input, new Random(23), 200, totals);
            Slide cut = new Slide(a, 3000);
            send(input, new Random(24), 150, totals);
            cut.plan(4000);
            cut.state();
            b = new Member(SourceTestKit.started(config), true);
            awaitTaking(a, b, "totals");
            cut.sendReader();
            assertThat(a.source.exchange().reduceSide().reducedIn(GroupExchange.topicOf("sliding", "totals"), 4000))
                    .as("the slide's hand-over refused").isEmpty();

            send(input, new Random(25), 100, totals);
            Slide nextOfA = new Slide(a, 5000);
            Slide nextOfB = new Slide(b, 5000);
            // planned, the next slide's first batch marks the totals' key partitions handed over up to the one before
            cut.receiveReader();
            send(input, new Random(26), 100, totals);
            nextOfA.plan(6000);
            nextOfB.plan(6000);
            CompletableFuture.allOf(CompletableFuture.runAsync(nextOfA::all), CompletableFuture.runAsync(nextOfB::all))
                    .get(SourceTestKit.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(nextOfA.restored).as("A's totals restored as of the first slide: the refused one's dropped")
                    .isNotEmpty().allSatisfy((w, n) -> assertThat(n).isEqualTo(afterFirst.get(w)));
            assertThat(merged(a.totals, b.totals)).as("every batch's words in the totals, each once").isEqualTo(totals);
            assertThat(merged(a.histogram, b.histogram)).isEqualTo(histogramOf(totals));
        } finally {
            a.source.stop();
            if (b != null) {
                b.source.stop();
            }
        }
    }

    /** The batches of one slide of a member, each planned at its time; the state takes them at the last one's. */
    private static final class Slide {
        private final Member member;
        private final List<Batch> batches = new ArrayList<>();
        /** The totals restored from the changelog at any batch of the slide. */
        final Map<String, Long> restored = new TreeMap<>();

        Slide(Member member, long time) {
            this.member = member;
            plan(time);
        }

        void plan(long time) {
            batches.add(member.planned(time));
        }

        void all() {
            state();
            reader();
        }

        /** The state's exchange of each batch of the slide, in time order. */
        void state() {
            for (Batch batch : batches) {
                batch.first();
                restored.putAll(member.restored);
            }
        }

        void reader() {
            sendReader();
            receiveReader();
        }

        /** The histogram's map side at the slide's time: it commits the state's key partitions. */
        void sendReader() {
            batches.get(batches.size() - 1).sendSecond();
        }

        void receiveReader() {
            Batch last = batches.get(batches.size() - 1);
            last.receiveSecond();
            last.output();
        }
    }

    /** Until {@code a} owns every input and key partition ({@code which}, for the message). */
    private static void awaitOwningAll(Member a, String which) throws InterruptedException {
        SourceTestKit.await("A to own every " + which, () -> a.source.owned().size() == PARTITIONS
                && a.source.exchange().ownedKeyPartitions().size() == 2 * PARTITIONS);
    }

    /** Until {@code b}, started beside {@code a}, has taken some of stage {@code stage}'s key partitions from it. */
    private static void awaitTaking(Member a, Member b, String stage) throws InterruptedException {
        SourceTestKit.await("B to take some of the key partitions of " + stage + " from A", () -> a.source.owned()
                .size() + b.source.owned().size() == PARTITIONS && a.source.exchange().ownedKeyPartitions()
                .size() + b.source.exchange().ownedKeyPartitions().size() == 2 * PARTITIONS
                && b.source.exchange().ownedKeyPartitions().stream().anyMatch(tp -> tp.topic().endsWith("-" + stage)));
    }

    private static Config config(String input, String group, String shuffles, String state, String chained) {
        return Config.of(Map.of(Kafka.BOOTSTRAP_SERVERS, KAFKA.broker().bootstrapServers(),
                Kafka.TOPICS, input, Kafka.STARTING_OFFSETS, "earliest",
                GroupMembership.SHARED_GROUP, group, GroupMembership.SHARED_SESSION_TIMEOUT, "6s",
                KeyExchange.SHUFFLES, shuffles, KeyExchange.STATE_SHUFFLES, state, KeyExchange.CHAINED_SHUFFLES, chained));
    }

    /**
     * A member of either stream, as the engine runs it: the running total ({@code totals}) is the
     * state stage, after the word count ({@code sums}) or before the histogram ({@code histogram}).
     */
    private static final class Member {
        final KafkaBatchSource<String, String> source;
        /** Whether the state comes first (read by the histogram) rather than after the word count. */
        final boolean stateFirst;
        final Map<String, Long> totals = new TreeMap<>();
        final Map<String, Long> restored = new TreeMap<>();
        final Map<Long, Long> histogram = new TreeMap<>();
        final List<String> committedByOutput = new ArrayList<>();

        Member(KafkaBatchSource<String, String> source, boolean stateFirst) {
            this.source = source;
            this.stateFirst = stateFirst;
        }

        Batch planned(long time) {
            return new Batch(this, time, source.poll(new Time(time)));
        }
    }

    /** One member's part of a batch, stage by stage. */
    private static final class Batch {
        private final Member member;
        private final long time;
        private final List<InputSplit<KafkaRecord<String, String>>> splits;
        /** The first stage's keys this member reduced. */
        private Map<String, Long> reduced = Map.of();

        Batch(Member member, long time, List<InputSplit<KafkaRecord<String, String>>> splits) {
            this.member = member;
            this.time = time;
            this.splits = splits;
        }

        void all() {
            first();
            sendSecond();
            receiveSecond();
            output();
        }

        /** The stage reading the input: the word count, or the running total. */
        void first() {
            Map<String, Long> read = RandomWords.read(splits);
            if (member.stateFirst) {
                KeyExchange.Shuffle shuffle = shuffle("totals");
                shuffle.send(new Time(time), chunks(shuffle.partitions(), read, w -> w));
                updateTotals(shuffle, shuffle.receive(new Time(time)));
            } else {
                KeyExchange.Shuffle shuffle = shuffle("sums");
                shuffle.send(new Time(time), chunks(shuffle.partitions(), read, w -> w));
                reduced = reduce(shuffle.receive(new Time(time)), w -> w);
            }
        }

        /** The second stage's map side: the word count's sums by word, or each held total as (total, 1). */
        void sendSecond() {
            if (member.stateFirst) {
                var ones = new HashMap<Long, Long>();
                member.totals.values().forEach(n -> ones.merge(n, 1L, Long::sum));
                KeyExchange.Shuffle shuffle = shuffle("histogram");
                shuffle.send(new Time(time), chunks(shuffle.partitions(), ones, String::valueOf));
            } else {
                KeyExchange.Shuffle shuffle = shuffle("totals");
                shuffle.send(new Time(time), chunks(shuffle.partitions(), reduced, w -> w));
            }
        }

        void receiveSecond() {
            if (member.stateFirst) {
                member.histogram.clear();
                member.histogram.putAll(reduce(shuffle("histogram").receive(new Time(time)), Long::parseLong));
            } else {
                KeyExchange.Shuffle shuffle = shuffle("totals");
                updateTotals(shuffle, shuffle.receive(new Time(time)));
            }
        }

        /** The output's transaction: the last stage's key partitions, and the changes of a state it holds. */
        void output() {
            if (member.stateFirst) {
                member.committedByOutput.addAll(OutputTransactions.commitOffsets(KAFKA.broker(), "histogram-test",
                        member.source.exchange().reduceSide(), time));
            } else {
                OutputTransactions.write(KAFKA.broker(), "summing-test", member.source.exchange().reduceSide(), time,
                        true);
            }
        }

        /** As updateStateByKey keeps it: the partitions given, restored where their reading began again. */
        private void updateTotals(KeyExchange.Shuffle shuffle, List<List<byte[]>> received) {
            int n = shuffle.partitions();
            KeyExchange.StateChangelog changelog = shuffle.changelog();
            Map<Integer, List<KeyExchange.StateEntry>> back = changelog.restored(new Time(time));
            member.totals.keySet().removeIf(w -> received.get(partitionOf(w, n)) == null
                    || back.containsKey(partitionOf(w, n)));
            member.restored.clear();
            back.values().forEach(entries -> entries.forEach(e -> member.restored.put(text(e.key()),
                    Long.parseLong(text(e.state())))));
            member.totals.putAll(member.restored);
            var changed = new HashMap<Integer, List<KeyExchange.StateEntry>>();
            reduce(received, w -> w).forEach((w, c) -> {
                long total = member.totals.merge(w, c, Long::sum);
                changed.computeIfAbsent(partitionOf(w, n), p -> new ArrayList<>()).add(new KeyExchange.StateEntry(
                        w.getBytes(StandardCharsets.UTF_8), Long.toString(total).getBytes(StandardCharsets.UTF_8)));
            });
            changed.forEach((p, entries) -> changelog.write(new Time(time), p, entries));
        }

        private KeyExchange.Shuffle shuffle(String stage) {
            return member.source.exchange().shuffle(stage);
        }
    }

    private static <K> List<List<byte[]>> chunks(int partitions, Map<K, Long> combined, Function<K, String> key) {
        var lines = new ArrayList<StringBuilder>();
        for (int p = 0; p < partitions; p++) {
            lines.add(new StringBuilder());
        }
        combined.forEach((k, n) -> lines.get(partitionOf(key.apply(k), partitions))
                .append(key.apply(k)).append('\t').append(n).append('\n'));
        var chunks = new ArrayList<List<byte[]>>();
        lines.forEach(l -> chunks.add(l.isEmpty() ? List.of() : List.of(l.toString().getBytes(StandardCharsets.UTF_8))));
        return chunks;
    }

    private static <K> Map<K, Long> reduce(List<List<byte[]>> received, Function<String, K> parse) {
        var reduced = new HashMap<K, Long>();
        for (List<byte[]> owned : received) {
            if (owned == null) {
                continue;
            }
            for (byte[] chunk : owned) {
                for (String line : text(chunk).split("\n")) {
                    String[] kv = line.split("\t");
                    reduced.merge(parse.apply(kv[0]), Long.parseLong(kv[1]), Long::sum);
                }
            }
        }
        return reduced;
    }

    private static void both(Batch one, Batch other) throws Exception {
        CompletableFuture.allOf(CompletableFuture.runAsync(one::all), CompletableFuture.runAsync(other::all))
                .get(SourceTestKit.WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static <K, V> Map<K, V> merged(Map<K, V> one, Map<K, V> other) {
        other.keySet().forEach(k -> assertThat(one).as("%s held by one member only", k).doesNotContainKey(k));
        var merged = new TreeMap<K, V>(one);
        merged.putAll(other);
        return merged;
    }

    private static Map<Long, Long> histogramOf(Map<String, Long> totals) {
        var histogram = new TreeMap<Long, Long>();
        totals.values().forEach(n -> histogram.merge(n, 1L, Long::sum));
        return histogram;
    }

    private static int partitionOf(String key, int n) {
        return Math.floorMod(key.hashCode(), n);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void send(String topic, Random random, int n, Map<String, Long> totals) throws Exception {
        RandomWords.send(KAFKA.broker(), topic, PARTITIONS, VOCABULARY, random, n)
                .forEach((w, c) -> totals.merge(w, c, Long::sum));
    }
}
