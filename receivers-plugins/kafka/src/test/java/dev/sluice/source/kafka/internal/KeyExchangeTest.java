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
import java.util.NavigableMap;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two members of a group counting words through the key exchange on a real broker: each member
 * counts its input partitions' words, hands its counts to the repartition topic's key partitions,
 * and reduces the key partitions it owns from both members' parts. Every word of a batch is counted
 * on one member only, and the counts are those of the whole batch; when one member leaves, the
 * other goes on with its input and key partitions from the committed progress, reducing nothing
 * twice.
 */
class KeyExchangeTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final int PARTITIONS = 4;
    private static final String[] WORDS = RandomWords.ANIMALS;

    @Test
    void shouldReduceEachKeyOnOneMemberFromBothPartsAndGoOnAfterOneLeaves() throws Exception {
        KAFKA.broker().createTopic("exchanged-lines", PARTITIONS);
        Map<String, Long> first = sendWords(new Random(7), 200);
        var config = Config.of(Map.of(Kafka.BOOTSTRAP_SERVERS, KAFKA.broker().bootstrapServers(),
                Kafka.TOPICS, "exchanged-lines", Kafka.STARTING_OFFSETS, "earliest",
                GroupMembership.SHARED_GROUP, "exchanging", GroupMembership.SHARED_SESSION_TIMEOUT, "6s",
                KeyExchange.SHUFFLES, "count"));
        KafkaBatchSource<String, String> a = SourceTestKit.started(config);
        KafkaBatchSource<String, String> b = SourceTestKit.started(config);
        try {
            SourceTestKit.await("the input and key partitions divided between the two members, each with input",
                    () -> a.owned().size() + b.owned().size() == PARTITIONS && !a.owned().isEmpty()
                            && !b.owned().isEmpty() && a.exchange().ownedKeyPartitions().size()
                            + b.exchange().ownedKeyPartitions().size() == PARTITIONS);
            assertThat(KAFKA.broker().topics()).contains("sluice-exchanging-repartition-count");

            var batch = new CompletableFuture[] {member(a, 1000), member(b, 1000)};
            CompletableFuture.allOf(batch).get(SourceTestKit.WAIT.toSeconds(), TimeUnit.SECONDS);
            @SuppressWarnings("unchecked")
            Map<String, Long> ofA = (Map<String, Long>) batch[0].get();
            @SuppressWarnings("unchecked")
            Map<String, Long> ofB = (Map<String, Long>) batch[1].get();
            assertThat(ofA.keySet()).doesNotContainAnyElementsOf(ofB.keySet());
            var merged = new TreeMap<>(ofA);
            merged.putAll(ofB);
            assertThat(merged).isEqualTo(first);

            b.stop();
            SourceTestKit.await("A to own every input and key partition once B has left", () -> a.owned().size() == PARTITIONS
                    && a.exchange().ownedKeyPartitions().size() == PARTITIONS);
            Map<String, Long> second = sendWords(new Random(11), 120);
            assertThat(member(a, 2000).get(SourceTestKit.WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(second);

            // what is reduced and committed is deleted from the repartition topic
            a.exchange().reduceSide().purgeReducedNow();
            Map<TopicPartition, Long> committed = new HashMap<>();
            KAFKA.broker().committed("sluice-exchanging").forEach((tp, at) -> {
                if (tp.topic().equals("sluice-exchanging-repartition-count")) {
                    committed.put(tp, at.offset());
                }
            });
            assertThat(committed).hasSize(PARTITIONS).allSatisfy((tp, offset) -> assertThat(offset).isPositive());
            SourceTestKit.await("the reduced records deleted", () -> beginnings(committed.keySet()).equals(committed));
        } finally {
            a.stop();
            b.stop();
        }
    }

    @Test
    void shouldGiveAKeyPartitionTakenOverWithABacklogBatchByBatch() throws Exception {
        KAFKA.broker().createTopic("backlogged-lines", PARTITIONS);
        var config = Config.of(Map.of(Kafka.BOOTSTRAP_SERVERS, KAFKA.broker().bootstrapServers(),
                Kafka.TOPICS, "backlogged-lines", Kafka.STARTING_OFFSETS, "earliest",
                GroupMembership.SHARED_GROUP, "backlogged", GroupMembership.SHARED_SESSION_TIMEOUT, "6s",
                KeyExchange.SHUFFLES, "count"));
        KafkaBatchSource<String, String> a = SourceTestKit.started(config);
        KafkaBatchSource<String, String> b = SourceTestKit.started(config);
        try {
            SourceTestKit.await("the input and key partitions divided between the two members, each with some",
                    () -> a.owned().size() + b.owned().size() == PARTITIONS && !a.owned().isEmpty()
                            && !b.owned().isEmpty() && !a.exchange().ownedKeyPartitions().isEmpty()
                            && !b.exchange().ownedKeyPartitions().isEmpty() && a.exchange().ownedKeyPartitions()
                            .size() + b.exchange().ownedKeyPartitions().size() == PARTITIONS);
            var bKeyPartitions = new java.util.TreeSet<Integer>();
            b.exchange().ownedKeyPartitions().forEach(tp -> bKeyPartitions.add(tp.partition()));
            var sent = new TreeMap<Long, Map<String, Long>>();
            Random random = new Random(17);
            // B hands two batches over but reduces neither: its key partitions' backlog when A takes them over
            for (long time : new long[] {1000, 2000}) {
                sent.put(time, RandomWords.send(KAFKA.broker(), "backlogged-lines", PARTITIONS, WORDS, random, 150));
                var batch = new CompletableFuture[] {member(a, time), CompletableFuture.runAsync(
                        handingOver(b, time))};
                CompletableFuture.allOf(batch).get(SourceTestKit.WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            b.stop();
            SourceTestKit.await("A to own every input and key partition once B has left", () -> a.owned().size() == PARTITIONS
                    && a.exchange().ownedKeyPartitions().size() == PARTITIONS);
            sent.put(3000L, RandomWords.send(KAFKA.broker(), "backlogged-lines", PARTITIONS, WORDS, random, 150));
            handingOver(a, 3000).run();

            List<NavigableMap<Time, List<byte[]>>> received = a.exchange().shuffle("count")
                    .receiveByBatch(new Time(3000));
            for (int p = 0; p < PARTITIONS; p++) {
                int partition = p;
                Set<Long> expectedBatches = bKeyPartitions.contains(p) ? Set.of(1000L, 2000L, 3000L) : Set.of(3000L);
                var byBatch = new TreeMap<Long, Map<String, Long>>();
                received.get(p).forEach((sentIn, chunks) -> byBatch.put(sentIn.millis(), counts(chunks)));
                assertThat(byBatch.keySet()).as("batches of key partition %d", p).isEqualTo(
                        new java.util.TreeSet<>(expectedBatches));
                byBatch.forEach((time, counts) -> {
                    var expected = new TreeMap<String, Long>();
                    sent.get(time).forEach((word, n) -> {
                        if (Math.floorMod(word.hashCode(), PARTITIONS) == partition) {
                            expected.put(word, n);
                        }
                    });
                    assertThat(counts).as("batch %d of key partition %d", time, partition).isEqualTo(expected);
                });
            }
        } finally {
            a.stop();
            b.stop();
        }
    }

    /** What one member does with batch {@code time}: read, count, exchange, reduce, commit as its output would. */
    private static CompletableFuture<Map<String, Long>> member(KafkaBatchSource<String, String> source, long time) {
        Runnable handOver = handingOver(source, time);
        return CompletableFuture.supplyAsync(() -> {
            handOver.run();
            var reduced = new TreeMap<String, Long>();
            for (List<byte[]> owned : source.exchange().shuffle("count").receive(new Time(time))) {
                if (owned != null) {
                    counts(owned).forEach((word, n) -> reduced.merge(word, n, Long::sum));
                }
            }
            commitAsOutput(source.exchange().reduceSide(), time);
            return reduced;
        });
    }

    /** Reads batch {@code time} now; the returned task counts it and hands the counts over by key partition. */
    private static Runnable handingOver(KafkaBatchSource<String, String> source, long time) {
        List<InputSplit<KafkaRecord<String, String>>> splits = source.poll(new Time(time));
        return () -> {
            Map<String, Long> counts = RandomWords.read(splits);
            KeyExchange.Shuffle shuffle = source.exchange().shuffle("count");
            var chunks = new ArrayList<List<byte[]>>();
            var lines = new ArrayList<StringBuilder>();
            for (int p = 0; p < shuffle.partitions(); p++) {
                lines.add(new StringBuilder());
            }
            counts.forEach((word, n) -> lines.get(Math.floorMod(word.hashCode(), shuffle.partitions()))
                    .append(word).append('\t').append(n).append('\n'));
            lines.forEach(l -> chunks.add(l.isEmpty() ? List.of() : List.of(l.toString().getBytes(
                    StandardCharsets.UTF_8))));
            shuffle.send(new Time(time), chunks);
        };
    }

    /** The word counts in {@code chunks}, merged. */
    private static Map<String, Long> counts(List<byte[]> chunks) {
        var counts = new TreeMap<String, Long>();
        for (byte[] chunk : chunks) {
            for (String line : new String(chunk, StandardCharsets.UTF_8).split("\n")) {
                String[] wordCount = line.split("\t");
                counts.merge(wordCount[0], Long.parseLong(wordCount[1]), Long::sum);
            }
        }
        return counts;
    }

    /** Commits the key partitions' offsets batch {@code time} reduced, as the output's transaction does. */
    private static void commitAsOutput(ReduceSideReader reduced, long time) {
        Properties props = KAFKA.broker().clientProperties();
        props.put("transactional.id", "key-exchange-test-" + time + "-" + System.nanoTime());
        try (var producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            var offsets = reduced.offsetsAfter(time).orElseThrow();
            reduced.whileOwning(offsets.keySet(), () -> {
                producer.sendOffsetsToTransaction(offsets, reduced.groupMetadata());
                producer.commitTransaction();
            });
        }
    }

    private static Map<TopicPartition, Long> beginnings(java.util.Set<TopicPartition> partitions) {
        Properties props = KAFKA.broker().clientProperties();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(props,
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            return new HashMap<>(consumer.beginningOffsets(partitions));
        }
    }

    private static Map<String, Long> sendWords(Random random, int n) throws Exception {
        return RandomWords.send(KAFKA.broker(), "exchanged-lines", PARTITIONS, WORDS, random, n);
    }

}
