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
 * A join of two keyed stages that read the same input, through the key exchange on a real broker:
 * {@code sums} (each word's count) and {@code letters} (each word's letters, count times length)
 * hand each batch over together, in one transaction that commits the input's offsets once, and
 * {@code joined} reads both: its map side hands over the key partitions of both stages a member
 * reduced and commits their offsets in one transaction. A member joins while a batch is between the
 * stages and the join, so that batch's hand-over of both stages' key partitions is refused: its
 * words are reduced again, with the next batch, by whoever owns their key partitions then, and
 * nothing is lost or joined twice.
 */
class JoinedStagesKeyExchangeTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final int PARTITIONS = 4;
    private static final String INPUT = "joined-lines";
    private static final String SUMS = GroupExchange.topicOf("joined", "sums");
    private static final String LETTERS = GroupExchange.topicOf("joined", "letters");
    private static final String JOINED = GroupExchange.topicOf("joined", "joined");
    private static final String[] VOCABULARY = {"ant", "bee", "cat", "dog", "eel", "fox", "gnu", "hen", "owl", "yak",
        "ape", "bat", "cod", "doe", "elk", "moose", "horse", "tiger", "lion", "zebra"};

    @Test
    void shouldJoinTwoKeyedStagesAcrossTwoMembersLosingNothingWhenAHandOverIsRefused() throws Exception {
        KAFKA.broker().createTopic(INPUT, PARTITIONS);
        var config = Config.of(Map.of(Kafka.BOOTSTRAP_SERVERS, KAFKA.broker().bootstrapServers(),
                Kafka.TOPICS, INPUT, Kafka.STARTING_OFFSETS, "earliest",
                GroupMembership.SHARED_GROUP, "joined", GroupMembership.SHARED_SESSION_TIMEOUT, "6s",
                KeyExchange.SHUFFLES, "sums,letters,joined",
                KeyExchange.CHAINED_SHUFFLES, "joined=sums,joined=letters"));
        KafkaBatchSource<String, String> a = SourceTestKit.started(config);
        KafkaBatchSource<String, String> b = null;
        try {
            SourceTestKit.await("A to own every input and key partition", () -> a.owned().size() == PARTITIONS
                    && a.exchange().ownedKeyPartitions().size() == 3 * PARTITIONS);
            Map<String, Long> first = sendWords(new Random(3), 300);
            MemberBatch alone = MemberBatch.planned(a, 1000);
            alone.all();
            assertThat(alone.sums).isEqualTo(first);
            assertThat(alone.joined).isEqualTo(joinOf(first));
            // the join's map side committed both stages' key partitions; the output, the join's
            assertThat(KAFKA.broker().committed("sluice-joined")).satisfies(committed -> {
                assertThat(committed.keySet().stream().filter(tp -> tp.topic().equals(SUMS))).hasSize(PARTITIONS);
                assertThat(committed.keySet().stream().filter(tp -> tp.topic().equals(LETTERS))).hasSize(PARTITIONS);
                assertThat(committed.keySet().stream().filter(tp -> tp.topic().equals(INPUT))).hasSize(PARTITIONS);
            });
            assertThat(alone.committedByOutput).isNotEmpty().allSatisfy(tp -> assertThat(tp).startsWith(JOINED));

            Map<String, Long> second = sendWords(new Random(5), 250);
            MemberBatch cut = MemberBatch.planned(a, 2000);
            cut.stages();
            assertThat(cut.sums).isEqualTo(second);
            b = SourceTestKit.started(config);
            KafkaBatchSource<String, String> joined = b;
            SourceTestKit.await("B to take some of the stages' key partitions from A", () -> a.owned().size()
                    + joined.owned().size() == PARTITIONS && a.exchange().ownedKeyPartitions().size()
                    + joined.exchange().ownedKeyPartitions().size() == 3 * PARTITIONS
                    && joined.exchange().ownedKeyPartitions().stream().anyMatch(tp -> tp.topic().equals(SUMS)
                    || tp.topic().equals(LETTERS)));
            cut.sendJoin();
            assertThat(a.exchange().reduceSide().reducedIn(SUMS, 2000)).as("batch 2000's hand-over refused").isEmpty();
            assertThat(a.exchange().reduceSide().reducedIn(LETTERS, 2000)).as("both stages' parts").isEmpty();

            Map<String, Long> third = sendWords(new Random(7), 200);
            MemberBatch nextOfA = MemberBatch.planned(a, 3000);
            MemberBatch nextOfB = MemberBatch.planned(b, 3000);
            cut.receiveJoin();
            cut.output();
            assertThat(cut.joined).as("batch 2000's words went nowhere yet").isEmpty();
            CompletableFuture.allOf(CompletableFuture.runAsync(nextOfA::all), CompletableFuture.runAsync(nextOfB::all))
                    .get(SourceTestKit.WAIT.toSeconds(), TimeUnit.SECONDS);
            var both = new HashMap<>(second);
            third.forEach((w, n) -> both.merge(w, n, Long::sum));
            assertThat(merged(nextOfA.sums, nextOfB.sums)).isEqualTo(both);
            assertThat(merged(nextOfA.joined, nextOfB.joined)).isEqualTo(joinOf(both));

            // nothing is left over to be reduced or joined twice
            MemberBatch quietA = MemberBatch.planned(a, 4000);
            MemberBatch quietB = MemberBatch.planned(b, 4000);
            CompletableFuture.allOf(CompletableFuture.runAsync(quietA::all), CompletableFuture.runAsync(quietB::all))
                    .get(SourceTestKit.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(merged(quietA.sums, quietB.sums)).isEmpty();
            assertThat(merged(quietA.joined, quietB.joined)).isEmpty();
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
        final Map<String, Long> sums = new TreeMap<>();
        final Map<String, Long> letters = new TreeMap<>();
        /** Each word's count and letters, joined: "count/letters". */
        final Map<String, String> joined = new TreeMap<>();
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
            stages();
            sendJoin();
            receiveJoin();
            output();
        }

        /** Both stages reading the input: sent together, before either receives. */
        void stages() {
            Map<String, Long> read = RandomWords.read(splits);
            var ofLetters = new HashMap<String, Long>();
            read.forEach((w, n) -> ofLetters.put(w, n * w.length()));
            KeyExchange.Shuffle sumsShuffle = source.exchange().shuffle("sums");
            KeyExchange.Shuffle lettersShuffle = source.exchange().shuffle("letters");
            sumsShuffle.sendWith(new Time(time), chunks(sumsShuffle.partitions(), read, ""),
                    Map.of(lettersShuffle, chunks(lettersShuffle.partitions(), ofLetters, "")));
            reduce(sumsShuffle.receive(new Time(time))).forEach((w, n) -> sums.merge(w, Long.parseLong(n), Long::sum));
            reduce(lettersShuffle.receive(new Time(time)))
                    .forEach((w, n) -> letters.merge(w, Long.parseLong(n), Long::sum));
        }

        /** The join's map side: each side's values tagged with its side, by word. */
        void sendJoin() {
            KeyExchange.Shuffle shuffle = source.exchange().shuffle("joined");
            var sides = new ArrayList<List<byte[]>>();
            List<List<byte[]>> left = chunks(shuffle.partitions(), sums, "L");
            List<List<byte[]>> right = chunks(shuffle.partitions(), letters, "R");
            for (int p = 0; p < shuffle.partitions(); p++) {
                var both = new ArrayList<>(left.get(p));
                both.addAll(right.get(p));
                sides.add(both);
            }
            shuffle.send(new Time(time), sides);
        }

        void receiveJoin() {
            KeyExchange.Shuffle shuffle = source.exchange().shuffle("joined");
            var left = new HashMap<String, Long>();
            var right = new HashMap<String, Long>();
            reduce(shuffle.receive(new Time(time))).forEach((tagged, n) -> (tagged.startsWith("L") ? left : right)
                    .merge(tagged.substring(1), Long.parseLong(n), Long::sum));
            left.forEach((w, n) -> {
                if (right.containsKey(w)) {
                    joined.put(w, n + "/" + right.get(w));
                }
            });
        }

        /** Commits the join's key partitions' offsets, as the output's transaction does; refused, as the sink is. */
        void output() {
            committedByOutput.addAll(OutputTransactions.commitOffsets(KAFKA.broker(), "joined-test",
                    source.exchange().reduceSide(), time));
        }

        /** Lines of {@code tag}+word, tab, value, in the key partition of the word. */
        private static List<List<byte[]>> chunks(int partitions, Map<String, Long> combined, String tag) {
            var lines = new ArrayList<StringBuilder>();
            for (int p = 0; p < partitions; p++) {
                lines.add(new StringBuilder());
            }
            combined.forEach((w, n) -> lines.get(Math.floorMod(w.hashCode(), partitions))
                    .append(tag).append(w).append('\t').append(n).append('\n'));
            var chunks = new ArrayList<List<byte[]>>();
            lines.forEach(l -> chunks.add(l.isEmpty() ? List.of() : List.of(l.toString().getBytes(StandardCharsets.UTF_8))));
            return chunks;
        }

        /** Every (key, value) line of the chunks of the owned key partitions; a key twice fails. */
        private static Map<String, String> reduce(List<List<byte[]>> received) {
            var lines = new HashMap<String, Long>();
            for (List<byte[]> owned : received) {
                if (owned == null) {
                    continue;
                }
                for (byte[] chunk : owned) {
                    for (String line : new String(chunk, StandardCharsets.UTF_8).split("\n")) {
                        String[] kv = line.split("\t");
                        lines.merge(kv[0], Long.parseLong(kv[1]), Long::sum);
                    }
                }
            }
            var reduced = new HashMap<String, String>();
            lines.forEach((k, n) -> reduced.put(k, String.valueOf(n)));
            return reduced;
        }
    }

    private static <V> Map<String, V> merged(Map<String, V> one, Map<String, V> other) {
        other.keySet().forEach(k -> assertThat(one).as("%s reduced on one member only", k).doesNotContainKey(k));
        var merged = new TreeMap<String, V>(one);
        merged.putAll(other);
        return merged;
    }

    /** Each word's count and letters, as the join gives them. */
    private static Map<String, String> joinOf(Map<String, Long> counts) {
        var joined = new TreeMap<String, String>();
        counts.forEach((w, n) -> joined.put(w, n + "/" + n * w.length()));
        return joined;
    }

    private static Map<String, Long> sendWords(Random random, int n) throws Exception {
        return RandomWords.send(KAFKA.broker(), INPUT, PARTITIONS, VOCABULARY, random, n);
    }
}
