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
 * Two keyed stages chained through the key exchange on a real broker: a word count ({@code words},
 * reading the input) and a count of its counts ({@code counts}, reading the word count's key
 * partitions: how many words occur n times). The second stage's map side hands over the first
 * stage's key partitions a member reduced and commits their offsets; the output commits the second
 * stage's. A member joins while a batch is between its stages, so that batch's hand-over of the
 * first stage's key partitions is refused: its words are reduced again, with the next batch, by
 * whoever owns their key partitions then, and nothing is lost or counted twice.
 */
class ChainedKeyExchangeTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final int PARTITIONS = 4;
    private static final String INPUT = "chained-lines";
    private static final String WORDS = GroupExchange.topicOf("chained", "words");
    private static final String COUNTS = GroupExchange.topicOf("chained", "counts");
    private static final String[] VOCABULARY = {"ant", "bee", "cat", "dog", "eel", "fox", "gnu", "hen", "owl", "yak",
        "ape", "bat", "cod", "doe", "elk"};

    @Test
    void shouldCountCountsAcrossTwoMembersLosingNothingWhenAHandOverIsRefused() throws Exception {
        KAFKA.broker().createTopic(INPUT, PARTITIONS);
        Config config = chainConfig("chained", INPUT);
        KafkaBatchSource<String, String> a = SourceTestKit.started(config);
        KafkaBatchSource<String, String> b = null;
        try {
            SourceTestKit.await("A to own every input and key partition", () -> a.owned().size() == PARTITIONS
                    && a.exchange().ownedKeyPartitions().size() == 2 * PARTITIONS);
            Map<String, Long> first = sendWords(new Random(3), 300);
            MemberBatch alone = MemberBatch.planned(a, 1000);
            alone.firstStage();
            alone.secondStage();
            alone.output();
            assertThat(alone.wordCounts).isEqualTo(first);
            assertThat(alone.countsOfCounts).isEqualTo(countsOf(first));
            // the second stage's map side committed the word count's key partitions; the output, the last stage's
            assertThat(KAFKA.broker().committed("sluice-chained")).satisfies(committed -> assertThat(committed.keySet()
                    .stream().filter(tp -> tp.topic().equals(WORDS))).hasSize(PARTITIONS));
            assertThat(alone.committedByOutput).isNotEmpty().allSatisfy(tp -> assertThat(tp).startsWith(COUNTS));

            Map<String, Long> second = sendWords(new Random(5), 250);
            MemberBatch cut = MemberBatch.planned(a, 2000);
            cut.firstStage();
            assertThat(cut.wordCounts).isEqualTo(second);
            b = SourceTestKit.started(config);
            KafkaBatchSource<String, String> joined = b;
            SourceTestKit.await("B to take some of the word count's key partitions from A", () -> a.owned().size()
                    + joined.owned().size() == PARTITIONS && a.exchange().ownedKeyPartitions().size()
                    + joined.exchange().ownedKeyPartitions().size() == 2 * PARTITIONS
                    && joined.exchange().ownedKeyPartitions().stream().anyMatch(tp -> tp.topic().equals(WORDS)));
            cut.send();
            assertThat(a.exchange().reduceSide().reducedIn(WORDS, 2000)).as("batch 2000's hand-over refused").isEmpty();

            Map<String, Long> third = sendWords(new Random(7), 200);
            MemberBatch nextOfA = MemberBatch.planned(a, 3000);
            MemberBatch nextOfB = MemberBatch.planned(b, 3000);
            cut.receive();
            cut.output();
            assertThat(cut.countsOfCounts).as("batch 2000's words went nowhere yet").isEmpty();
            CompletableFuture.allOf(CompletableFuture.runAsync(nextOfA::all), CompletableFuture.runAsync(nextOfB::all))
                    .get(SourceTestKit.WAIT.toSeconds(), TimeUnit.SECONDS);
            var both = new HashMap<>(second);
            third.forEach((w, n) -> both.merge(w, n, Long::sum));
            assertThat(merged(nextOfA.wordCounts, nextOfB.wordCounts)).isEqualTo(both);
            assertThat(merged(nextOfA.countsOfCounts, nextOfB.countsOfCounts)).isEqualTo(countsOf(both));

            // nothing is left over to be reduced twice
            MemberBatch quietA = MemberBatch.planned(a, 4000);
            MemberBatch quietB = MemberBatch.planned(b, 4000);
            CompletableFuture.allOf(CompletableFuture.runAsync(quietA::all), CompletableFuture.runAsync(quietB::all))
                    .get(SourceTestKit.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(merged(quietA.wordCounts, quietB.wordCounts)).isEmpty();
            assertThat(merged(quietA.countsOfCounts, quietB.countsOfCounts)).isEmpty();
        } finally {
            a.stop();
            if (b != null) {
                b.stop();
            }
        }
    }

    /**
     * A's hand-over of batch 2000 is refused after A planned batch 3000, so at its next plan (4000)
     * A marks all its word count key partitions handed over up to 3999, and B's reduce side of the
     * second stage goes past 3000 on that marker before A's batch 3000 runs. A's batch 3000, planned
     * before the marker, must then leave those partitions to batch 4000: had it taken them, the
     * words it counted would miss from batch 3000's counts of counts and come in a later batch's.
     */
    @Test
    void shouldLeaveKeyPartitionsMarkedAgainToTheBatchesPlannedAfterTheMarker() throws Exception {
        String input = "remarked-lines";
        KAFKA.broker().createTopic(input, PARTITIONS);
        Config config = chainConfig("remarked", input);
        String words = GroupExchange.topicOf("remarked", "words");
        KafkaBatchSource<String, String> a = SourceTestKit.started(config);
        KafkaBatchSource<String, String> b = null;
        try {
            SourceTestKit.await("A to own every input and key partition", () -> a.owned().size() == PARTITIONS
                    && a.exchange().ownedKeyPartitions().size() == 2 * PARTITIONS);
            RandomWords.send(KAFKA.broker(), input, PARTITIONS, VOCABULARY, new Random(11), 300);
            MemberBatch.planned(a, 1000).all();
            var sent = new TreeMap<>(RandomWords.send(KAFKA.broker(), input, PARTITIONS, VOCABULARY, new Random(13), 300));
            MemberBatch cut = MemberBatch.planned(a, 2000);
            cut.firstStage();
            b = SourceTestKit.started(config);
            KafkaBatchSource<String, String> joined = b;
            SourceTestKit.await("B to take some of the word count's key partitions from A", () -> a.owned().size()
                    + joined.owned().size() == PARTITIONS && a.exchange().ownedKeyPartitions().size()
                    + joined.exchange().ownedKeyPartitions().size() == 2 * PARTITIONS
                    && joined.exchange().ownedKeyPartitions().stream().anyMatch(tp -> tp.topic().equals(words)));
            RandomWords.send(KAFKA.broker(), input, PARTITIONS, VOCABULARY, new Random(17), 300)
                    .forEach((w, n) -> sent.merge(w, n, Long::sum));
            MemberBatch runningOfA = MemberBatch.planned(a, 3000);
            MemberBatch runningOfB = MemberBatch.planned(b, 3000);
            cut.send();
            assertThat(a.exchange().reduceSide().reducedIn(words, 2000)).as("batch 2000's hand-over refused").isEmpty();
            MemberBatch nextOfA = MemberBatch.planned(a, 4000);
            MemberBatch nextOfB = MemberBatch.planned(b, 4000);
            cut.receive();
            cut.output();

            // B's batch 3000 runs whole while A's has only handed its input over
            runningOfA.firstSend();
            CompletableFuture.runAsync(runningOfB::all).get(SourceTestKit.WAIT.toSeconds(), TimeUnit.SECONDS);
            runningOfA.firstReceive();
            runningOfA.secondStage();
            runningOfA.output();
            assertThat(runningOfA.wordCounts).as("A's batch 3000, planned before the marker, took none of them").isEmpty();
            Map<String, Long> counted = merged(runningOfA.wordCounts, runningOfB.wordCounts);
            assertThat(merged(runningOfA.countsOfCounts, runningOfB.countsOfCounts))
                    .as("batch 3000's counts of counts against the words it counted").isEqualTo(countsOf(counted));

            CompletableFuture.allOf(CompletableFuture.runAsync(nextOfA::all), CompletableFuture.runAsync(nextOfB::all))
                    .get(SourceTestKit.WAIT.toSeconds(), TimeUnit.SECONDS);
            Map<String, Long> next = merged(nextOfA.wordCounts, nextOfB.wordCounts);
            assertThat(merged(nextOfA.countsOfCounts, nextOfB.countsOfCounts))
                    .as("batch 4000's counts of counts against the words it counted").isEqualTo(countsOf(next));
            // batch 2000's words and A's of 3000 are all in 3000 and 4000, each once
            var all = new TreeMap<String, Long>(counted);
            next.forEach((w, n) -> all.merge(w, n, Long::sum));
            assertThat(all).as("the words sent after batch 1000").isEqualTo(sent);
        } finally {
            a.stop();
            if (b != null) {
                b.stop();
            }
        }
    }

    /** One member's part of a batch, stage by stage, as the engine runs it, with the output's commit. */
    private static final class MemberBatch {
        private final KafkaBatchSource<String, String> source;
        private final long time;
        private final List<InputSplit<KafkaRecord<String, String>>> splits;
        final Map<String, Long> wordCounts = new TreeMap<>();
        final Map<Long, Long> countsOfCounts = new TreeMap<>();
        final List<String> committedByOutput = new ArrayList<>();

        private MemberBatch(KafkaBatchSource<String, String> source, long time) {
            this.source = source;
            this.time = time;
            this.splits = source.poll(new Time(time));
        }

        static MemberBatch planned(KafkaBatchSource<String, String> source, long time) {
            return new MemberBatch(source, time);
        }

        void all() {
            firstStage();
            secondStage();
            output();
        }

        void firstStage() {
            exchange("words", RandomWords.read(splits), w -> w, w -> w).forEach((w, n) -> wordCounts.merge(w, n, Long::sum));
        }

        /** The first stage's map side only: this member's input part of the batch handed over. */
        void firstSend() {
            KeyExchange.Shuffle shuffle = source.exchange().shuffle("words");
            shuffle.send(new Time(time), chunks(shuffle.partitions(), RandomWords.read(splits), w -> w));
        }

        /** The first stage's reduce side, after {@link #firstSend}. */
        void firstReceive() {
            KeyExchange.Shuffle shuffle = source.exchange().shuffle("words");
            reduce(shuffle.receive(new Time(time)), w -> w, Long::parseLong).forEach((w, n) -> wordCounts.merge(w, n, Long::sum));
        }

        void secondStage() {
            send();
            receive();
        }

        /** The second stage's map side: each word's count n as (n, 1), combined. */
        void send() {
            KeyExchange.Shuffle shuffle = source.exchange().shuffle("counts");
            shuffle.send(new Time(time), chunks(shuffle.partitions(), ones(), String::valueOf));
        }

        void receive() {
            KeyExchange.Shuffle shuffle = source.exchange().shuffle("counts");
            reduce(shuffle.receive(new Time(time)), Long::parseLong, Long::parseLong)
                    .forEach((n, words) -> countsOfCounts.merge(n, words, Long::sum));
        }

        private Map<Long, Long> ones() {
            var ones = new HashMap<Long, Long>();
            wordCounts.values().forEach(n -> ones.merge(n, 1L, Long::sum));
            return ones;
        }

        /** Commits the last stage's key partitions' offsets, as the output's transaction does; refused, as the sink is. */
        void output() {
            committedByOutput.addAll(OutputTransactions.commitOffsets(KAFKA.broker(), "chained-test",
                    source.exchange().reduceSide(), time));
        }

        private <K> Map<K, Long> exchange(String stage, Map<K, Long> combined, Function<K, String> key,
                                          Function<String, K> parse) {
            KeyExchange.Shuffle shuffle = source.exchange().shuffle(stage);
            shuffle.send(new Time(time), chunks(shuffle.partitions(), combined, key));
            return reduce(shuffle.receive(new Time(time)), parse, Long::parseLong);
        }

        private static <K> List<List<byte[]>> chunks(int partitions, Map<K, Long> combined, Function<K, String> key) {
            var lines = new ArrayList<StringBuilder>();
            for (int p = 0; p < partitions; p++) {
                lines.add(new StringBuilder());
            }
            combined.forEach((k, n) -> lines.get(Math.floorMod(key.apply(k).hashCode(), partitions))
                    .append(key.apply(k)).append('\t').append(n).append('\n'));
            var chunks = new ArrayList<List<byte[]>>();
            lines.forEach(l -> chunks.add(l.isEmpty() ? List.of() : List.of(l.toString().getBytes(StandardCharsets.UTF_8))));
            return chunks;
        }

        private static <K> Map<K, Long> reduce(List<List<byte[]>> received, Function<String, K> parse,
                                               Function<String, Long> value) {
            var reduced = new HashMap<K, Long>();
            for (List<byte[]> owned : received) {
                if (owned == null) {
                    continue;
                }
                for (byte[] chunk : owned) {
                    for (String line : new String(chunk, StandardCharsets.UTF_8).split("\n")) {
                        String[] kv = line.split("\t");
                        reduced.merge(parse.apply(kv[0]), value.apply(kv[1]), Long::sum);
                    }
                }
            }
            return reduced;
        }
    }

    /** A member's source config: group {@code group} over {@code input}, the count of counts chained to the word count. */
    private static Config chainConfig(String group, String input) {
        return Config.of(Map.of(Kafka.BOOTSTRAP_SERVERS, KAFKA.broker().bootstrapServers(),
                Kafka.TOPICS, input, Kafka.STARTING_OFFSETS, "earliest",
                GroupMembership.SHARED_GROUP, group, GroupMembership.SHARED_SESSION_TIMEOUT, "6s",
                KeyExchange.SHUFFLES, "words,counts", KeyExchange.CHAINED_SHUFFLES, "counts=words"));
    }

    private static <K> Map<K, Long> merged(Map<K, Long> one, Map<K, Long> other) {
        other.keySet().forEach(k -> assertThat(one).as("%s reduced on one member only", k).doesNotContainKey(k));
        var merged = new TreeMap<K, Long>(one);
        merged.putAll(other);
        return merged;
    }

    /** How many words occur n times, per n. */
    private static Map<Long, Long> countsOf(Map<String, Long> counts) {
        var histogram = new TreeMap<Long, Long>();
        counts.values().forEach(n -> histogram.merge(n, 1L, Long::sum));
        return histogram;
    }

    private static Map<String, Long> sendWords(Random random, int n) throws Exception {
        return RandomWords.send(KAFKA.broker(), INPUT, PARTITIONS, VOCABULARY, random, n);
    }
}
