package dev.sluice.source.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A cogroup of two separate Kafka inputs shared by two members on a real broker: {@code left} with
 * five partitions and {@code right} with two, each member reading both inputs as one
 * ({@link JoinedInputs}), so one map-side transaction per batch carries both sides' chunks and
 * commits both topics' offsets. Every record has an id of its own, so each batch's cogroup, merged
 * over the members, must be exactly the cogroup of the records sent for it: a side lost, read twice
 * or reduced on two members shows. One batch has no right records; a member joins while a batch is
 * read, whose map side is then refused and read again with the next batch.
 */
class JoinedInputsKeyExchangeTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final String LEFT = "joined-left";
    private static final String RIGHT = "joined-right";
    private static final Map<String, Integer> PARTITIONS = Map.of(LEFT, 5, RIGHT, 2);
    private static final String KEY_TOPIC = GroupExchange.topicOf("joined", "cogroup");
    private static final String[] WORDS = {"ant", "bee", "cat", "dog", "eel", "fox", "gnu", "hen"};

    private int nextId;

    @Test
    void shouldCogroupTwoInputsAcrossTwoMembersLosingNothingWhenAMapSideIsRefused() throws Exception {
        PARTITIONS.forEach((topic, n) -> createTopic(topic, n));
        var a = Member.started("a");
        Member b = null;
        try {
            SourceTestKit.await("A to own every partition of both inputs and of the repartition topic",
                    () -> a.owned().size() == 7 && a.ownedKeyPartitions().size() == 5);
            // five key partitions: the repartition topic is sized by the input topic with the most
            assertThat(a.ownedKeyPartitions()).allMatch(tp -> tp.topic().equals(KEY_TOPIC));

            Sent first = send(new Random(1), 60, true);
            MemberBatch alone = new MemberBatch(a, 1000);
            alone.all();
            assertThat(alone.cogrouped).isEqualTo(first.cogroup());
            assertThat(alone.leftRecords + alone.rightRecords).isEqualTo(first.ids.size());
            // the map side committed both inputs' offsets in its one transaction
            assertThat(KAFKA.broker().committedOffsets("sluice-joined").keySet().stream().map(TopicPartition::topic)
                    .collect(Collectors.toSet())).contains(LEFT, RIGHT);

            Sent leftOnly = send(new Random(2), 40, false);
            MemberBatch noRight = new MemberBatch(a, 2000);
            noRight.all();
            assertThat(noRight.rightRecords).isZero();
            assertThat(noRight.cogrouped).isEqualTo(leftOnly.cogroup());

            Sent cutOff = send(new Random(3), 50, true);
            MemberBatch cut = new MemberBatch(a, 3000);
            cut.read();
            b = Member.started("b");
            Member joined = b;
            SourceTestKit.await("B to take input partitions from A", () -> a.owned().size() + joined.owned().size() == 7
                    && !joined.owned().isEmpty() && a.ownedKeyPartitions().size()
                    + joined.ownedKeyPartitions().size() == 5);
            cut.send();
            assertThat(a.errors()).singleElement().asString().contains("refused the offsets of batch 3000 ms");

            Sent next = send(new Random(4), 50, true);
            MemberBatch nextOfA = new MemberBatch(a, 4000);
            MemberBatch nextOfB = new MemberBatch(b, 4000);
            cut.receive();
            assertThat(cut.cogrouped).as("batch 3000's map side was refused: nothing of it reduced").isEmpty();
            cut.output();
            CompletableFuture.allOf(CompletableFuture.runAsync(nextOfA::all), CompletableFuture.runAsync(nextOfB::all))
                    .get(SourceTestKit.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(merged(nextOfA.cogrouped, nextOfB.cogrouped)).as("batch 3000's records with batch 4000's")
                    .isEqualTo(cutOff.with(next).cogroup());

            MemberBatch quietA = new MemberBatch(a, 5000);
            MemberBatch quietB = new MemberBatch(b, 5000);
            CompletableFuture.allOf(CompletableFuture.runAsync(quietA::all), CompletableFuture.runAsync(quietB::all))
                    .get(SourceTestKit.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(merged(quietA.cogrouped, quietB.cogrouped)).as("nothing left to reduce twice").isEmpty();
            assertThat(b.errors()).isEmpty();
            assertThat(a.errors()).hasSize(1);
        } finally {
            a.stop();
            if (b != null) {
                b.stop();
            }
        }
    }

    @Test
    void shouldRefuseToReadAsOneInputsThatReachTheClusterDifferently() {
        var left = KafkaSourceSettings.from(Config.of(Map.of(Kafka.BOOTSTRAP_SERVERS, "one:9092", Kafka.TOPICS, LEFT)));
        var right = KafkaSourceSettings.from(Config.of(Map.of(Kafka.BOOTSTRAP_SERVERS, "two:9092", Kafka.TOPICS, RIGHT)));
        assertThatThrownBy(() -> KafkaSourceSettings.joined(List.of(left, right))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("[kafka.bootstrap.servers] differ").hasMessageContaining("give both inputs the same");
    }

    @Test
    void shouldReadEveryTopicOfEveryInputWhenOneNamesAPattern() {
        var left = KafkaSourceSettings.from(Config.of(Map.of(Kafka.BOOTSTRAP_SERVERS, "one:9092", Kafka.TOPICS,
                "orders.eu")));
        var right = KafkaSourceSettings.from(Config.of(Map.of(Kafka.BOOTSTRAP_SERVERS, "one:9092",
                Kafka.TOPIC_PATTERN, "pay-.*")));
        var joined = KafkaSourceSettings.joined(List.of(left, right));
        assertThat(List.of("orders.eu", "pay-1", "pay-eu")).allMatch(joined::reads);
        assertThat(List.of("ordersXeu", "orders", "__consumer_offsets")).noneMatch(joined::reads);
        assertThat(left.reads("pay-1")).isFalse();
    }

    /** One container of the group: its two inputs, read as one, as the provider makes them for a shared stream. */
    private record Member(JoinedInput<String, String> left, JoinedInput<String, String> right, List<String> errors) {

        @SuppressWarnings("unchecked")
        static Member started(String name) {
            var registry = new JoinedInputs.Registry();
            var inputs = new ArrayList<JoinedInput<String, String>>();
            var errors = new java.util.concurrent.CopyOnWriteArrayList<String>();
            for (String topic : List.of(LEFT, RIGHT)) {
                var config = Config.of(Map.of(Kafka.BOOTSTRAP_SERVERS, KAFKA.broker().bootstrapServers(),
                        Kafka.TOPICS, topic, Kafka.STARTING_OFFSETS, "earliest",
                        GroupMembership.SHARED_GROUP, "joined", GroupMembership.SHARED_SESSION_TIMEOUT, "6s",
                        GroupMembership.SHARED_INPUTS, "2", KeyExchange.SHUFFLES, "cogroup"));
                var input = new JoinedInput<String, String>(KafkaSourceSettings.from(config),
                        GroupShare.from(config).orElseThrow(), 2, registry);
                SourceTestKit.start(input, errors);
                inputs.add(input);
            }
            assertThat(inputs.get(1).joined()).as(name + "'s inputs read as one").isSameAs(inputs.get(0).joined());
            return new Member(inputs.get(0), inputs.get(1), errors);
        }

        KafkaBatchSource<byte[], byte[]> whole() {
            return left.joined().whole();
        }

        Set<TopicPartition> owned() {
            return whole().owned();
        }

        Set<TopicPartition> ownedKeyPartitions() {
            return whole().exchange().ownedKeyPartitions();
        }

        void stop() {
            left.stop();
            right.stop();
        }
    }

    /** One member's part of a batch as the engine runs a cogroup: both inputs read, one exchange, the output's commit. */
    private static final class MemberBatch {
        private final Member member;
        private final long time;
        private final List<InputSplit<KafkaRecord<String, String>>> lefts;
        private final List<InputSplit<KafkaRecord<String, String>>> rights;
        private final Map<String, List<String>> combined = new HashMap<>();
        final Map<String, List<Set<String>>> cogrouped = new TreeMap<>();
        int leftRecords;
        int rightRecords;

        MemberBatch(Member member, long time) {
            this.member = member;
            this.time = time;
            lefts = member.left().poll(new Time(time));
            rights = member.right().poll(new Time(time));
        }

        void all() {
            read();
            send();
            receive();
            output();
        }

        /** The map side: each record as (word, side, id), both sides in one table, as a cogroup combines them. */
        void read() {
            leftRecords = read(lefts, "L");
            rightRecords = read(rights, "R");
        }

        private int read(List<InputSplit<KafkaRecord<String, String>>> splits, String side) {
            int[] n = {0};
            for (var split : splits) {
                try {
                    split.read(r -> {
                        assertThat(r.value()).startsWith(side);
                        combined.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
                        n[0]++;
                    });
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
            return n[0];
        }

        void send() {
            KeyExchange.Shuffle shuffle = member.whole().exchange().shuffle("cogroup");
            var lines = new ArrayList<StringBuilder>();
            for (int p = 0; p < shuffle.partitions(); p++) {
                lines.add(new StringBuilder());
            }
            combined.forEach((word, ids) -> ids.forEach(id -> lines.get(Math.floorMod(word.hashCode(),
                    shuffle.partitions())).append(word).append('\t').append(id).append('\n')));
            var chunks = new ArrayList<List<byte[]>>();
            lines.forEach(l -> chunks.add(l.isEmpty() ? List.of() : List.of(l.toString()
                    .getBytes(StandardCharsets.UTF_8))));
            shuffle.send(new Time(time), chunks);
        }

        void receive() {
            for (List<byte[]> owned : member.whole().exchange().shuffle("cogroup").receive(new Time(time))) {
                for (byte[] chunk : owned == null ? List.<byte[]>of() : owned) {
                    for (String line : new String(chunk, StandardCharsets.UTF_8).split("\n")) {
                        String[] wordId = line.split("\t");
                        var sides = cogrouped.computeIfAbsent(wordId[0], w -> List.of(new TreeSet<>(), new TreeSet<>()));
                        sides.get(wordId[1].startsWith("L") ? 0 : 1).add(wordId[1]);
                    }
                }
            }
        }

        void output() {
            OutputTransactions.commitOffsets(KAFKA.broker(), "joined-test", member.whole().exchange().reduceSide(), time);
        }
    }

    /** The records sent for a batch: each id's word. */
    private record Sent(Map<String, String> ids) {

        Sent with(Sent other) {
            var all = new HashMap<>(ids);
            all.putAll(other.ids);
            return new Sent(all);
        }

        /** Each word's left ids and right ids, as one container's cogroup of these records gives them. */
        Map<String, List<Set<String>>> cogroup() {
            var cogroup = new TreeMap<String, List<Set<String>>>();
            ids.forEach((id, word) -> cogroup.computeIfAbsent(word, w -> List.of(new TreeSet<>(), new TreeSet<>()))
                    .get(id.startsWith("L") ? 0 : 1).add(id));
            return cogroup;
        }
    }

    /** Sends {@code n} records, each a random word to a random partition of {@code left} or (if {@code right}) {@code right}. */
    private Sent send(Random random, int n, boolean right) throws Exception {
        var ids = new HashMap<String, String>();
        var byPartition = new HashMap<List<Object>, List<String>>();
        for (int i = 0; i < n; i++) {
            String topic = right && random.nextBoolean() ? RIGHT : LEFT;
            String word = WORDS[random.nextInt(WORDS.length)];
            String id = (topic.equals(LEFT) ? "L" : "R") + nextId++;
            ids.put(id, word);
            byPartition.computeIfAbsent(List.of(topic, random.nextInt(PARTITIONS.get(topic)), word),
                    k -> new ArrayList<>()).add(id);
        }
        for (var e : byPartition.entrySet()) {
            KAFKA.broker().send((String) e.getKey().get(0), (Integer) e.getKey().get(1), (String) e.getKey().get(2),
                    e.getValue());
        }
        return new Sent(ids);
    }

    private static Map<String, List<Set<String>>> merged(Map<String, List<Set<String>>> one,
                                                         Map<String, List<Set<String>>> other) {
        other.keySet().forEach(k -> assertThat(one).as("%s cogrouped on one member only", k).doesNotContainKey(k));
        var merged = new TreeMap<>(one);
        merged.putAll(other);
        return merged;
    }

    private static void createTopic(String topic, int partitions) {
        try {
            KAFKA.broker().createTopic(topic, partitions);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
