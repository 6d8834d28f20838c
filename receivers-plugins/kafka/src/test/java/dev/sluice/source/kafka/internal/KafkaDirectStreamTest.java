package dev.sluice.source.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.StorageLevel;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.kafka.Kafka;
import dev.sluice.api.kafka.KafkaHeader;
import dev.sluice.api.kafka.KafkaRecord;
import dev.sluice.api.listener.BatchInfo;
import dev.sluice.api.listener.OutputOperationInfo;
import dev.sluice.kafka.testkit.KafkaBrokerExtension;
import dev.sluice.runtime.testkit.StreamTestKit;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code kafka} source on the real runtime (manual clock, batch k at k seconds) against a real
 * KRaft broker: what each batch reads, where it starts, how it grows with the topics, and its errors.
 */
class KafkaDirectStreamTest {

    private static final AtomicInteger TOPICS = new AtomicInteger();

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static String newTopic(int partitions) throws Exception {
        String topic = "topic-" + TOPICS.incrementAndGet();
        KAFKA.broker().createTopic(topic, partitions);
        return topic;
    }

    private static StreamTestKit kit() {
        return new StreamTestKit(new StreamingSettings("kafka-test", Duration.ofSeconds(1), 2, null),
                StreamTestKit.plugins(Map.of(Kafka.TYPE, new KafkaSourceProvider()), Map.of()));
    }

    private static Config config(String... keyValues) {
        var m = new HashMap<String, Object>();
        m.put(Kafka.BOOTSTRAP_SERVERS, KAFKA.broker().bootstrapServers());
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return Config.of(m);
    }

    private static List<String> values(List<KafkaRecord<String, String>> records) {
        return records.stream().map(KafkaRecord::value).sorted().toList();
    }

    private static List<String> range(String prefix, int from, int until) {
        return IntStream.range(from, until).mapToObj(i -> prefix + i).toList();
    }

    @Test
    void shouldReadInEachBatchEveryRecordUpToTheEndAtBatchTimeOnce() throws Exception {
        String topic = newTopic(2);
        KAFKA.broker().send(topic, 0, "k", range("a", 0, 3));
        try (var kit = kit()) {
            var out = kit.output(Kafka.<String, String>stream(kit.context(),
                    config(Kafka.TOPICS, topic, Kafka.STARTING_OFFSETS, "earliest")));
            kit.start();
            KAFKA.broker().send(topic, 1, "k", range("b", 0, 2));
            kit.runBatch();
            KAFKA.broker().send(topic, 0, "k", range("a", 3, 7));
            kit.runBatch();
            kit.runBatch();

            assertThat(values(out.at(kit.batchTime(1)))).containsExactly("a0", "a1", "a2", "b0", "b1");
            assertThat(values(out.at(kit.batchTime(2)))).containsExactly("a3", "a4", "a5", "a6");
            assertThat(out.at(kit.batchTime(3))).isEmpty();
            var first = out.at(kit.batchTime(2)).stream().filter(r -> r.value().equals("a3")).findFirst().orElseThrow();
            assertThat(first.topic()).isEqualTo(topic);
            assertThat(first.partition()).isZero();
            assertThat(first.offset()).isEqualTo(3);
            assertThat(first.key()).isEqualTo("k");
            assertThat(first.timestamp()).isPositive();
        }
    }

    @Test
    void shouldStartAtTheLatestOffsetByDefaultAndAtGivenOffsetsOrATimestampWhenAsked() throws Exception {
        String topic = newTopic(2);
        KAFKA.broker().send(topic, 0, "k", range("old", 0, 4));
        KAFKA.broker().send(topic, 1, "k", range("one", 0, 3));
        long afterOld = System.currentTimeMillis() + 1;
        while (System.currentTimeMillis() <= afterOld) {
            Thread.onSpinWait(); // record timestamps are milliseconds: the next ones are strictly later
        }
        KAFKA.broker().send(topic, 0, "k", List.of("new0"));
        try (var kit = kit()) {
            var latest = kit.output(Kafka.<String, String>stream(kit.context(), config(Kafka.TOPICS, topic)));
            var given = kit.output(Kafka.<String, String>stream(kit.context(),
                    config(Kafka.TOPICS, topic, Kafka.STARTING_OFFSETS, topic + "-0:2")));
            var since = kit.output(Kafka.<String, String>stream(kit.context(),
                    config(Kafka.TOPICS, topic, Kafka.STARTING_TIMESTAMP, String.valueOf(afterOld))));
            kit.start();
            kit.runBatch();
            KAFKA.broker().send(topic, 0, "k", List.of("new1"));
            kit.runBatch();

            assertThat(latest.at(kit.batchTime(1))).isEmpty();
            assertThat(values(latest.at(kit.batchTime(2)))).containsExactly("new1");
            // partition 1 is not named, so it starts at its earliest offset
            assertThat(values(given.at(kit.batchTime(1)))).containsExactly("new0", "old2", "old3", "one0", "one1",
                    "one2");
            assertThat(values(since.at(kit.batchTime(1)))).containsExactly("new0");
        }
    }

    @Test
    void shouldCapEachPartitionAtItsMaxRateAndCatchUpInLaterBatches() throws Exception {
        String topic = newTopic(2);
        KAFKA.broker().send(topic, 0, "k", range("a", 0, 5));
        KAFKA.broker().send(topic, 1, "k", range("b", 0, 1));
        try (var kit = kit()) {
            var out = kit.output(Kafka.<String, String>stream(kit.context(), config(Kafka.TOPICS, topic,
                    Kafka.STARTING_OFFSETS, "earliest", Kafka.MAX_RATE_PER_PARTITION, "2")));
            kit.start();
            kit.runBatches(4);

            assertThat(values(out.at(kit.batchTime(1)))).containsExactly("a0", "a1", "b0");
            assertThat(values(out.at(kit.batchTime(2)))).containsExactly("a2", "a3");
            assertThat(values(out.at(kit.batchTime(3)))).containsExactly("a4");
            assertThat(out.at(kit.batchTime(4))).isEmpty();
        }
    }

    @Test
    void shouldReportItsLagBehindTheEndOfThePartitionsAfterEachBatch() throws Exception {
        String topic = newTopic(2);
        KAFKA.broker().send(topic, 0, "k", range("a", 0, 5));
        KAFKA.broker().send(topic, 1, "k", range("b", 0, 1));
        try (var kit = kit()) {
            kit.output(Kafka.<String, String>stream(kit.context(), config(Kafka.TOPICS, topic,
                    Kafka.STARTING_OFFSETS, "earliest", Kafka.MAX_RATE_PER_PARTITION, "2")));
            var input = kit.context().graph().inputs().get(0);
            kit.start();

            assertThat(input.lag()).isEmpty();
            kit.runBatch();
            assertThat(input.lag()).hasValue(3);
            KAFKA.broker().send(topic, 1, "k", range("b", 1, 5));
            kit.runBatch();
            // partition 0 has a4 left; partition 1 took b1 and b2 of its four new records
            assertThat(input.lag()).hasValue(3);
            kit.runBatches(2);
            assertThat(input.lag()).hasValue(0);
        }
    }

    @Test
    void shouldTakeNoMoreThanBackpressureAllowsSharedByWhatEachPartitionHasWaiting() throws Exception {
        String topic = newTopic(2);
        KAFKA.broker().send(topic, 0, "k", range("a", 0, 6));
        KAFKA.broker().send(topic, 1, "k", range("b", 0, 2));
        // on the test kit's manual clock batches take no time, so the rate stays at its initial value
        var settings = new StreamingSettings("kafka-test", Duration.ofSeconds(1), 2, Config.of(Map.of(
                "backpressure.enabled", "true", "backpressure.initialRate", "4")));
        try (var kit = new StreamTestKit(settings, StreamTestKit.plugins(Map.of(Kafka.TYPE, new KafkaSourceProvider()),
                Map.of()))) {
            var out = kit.output(Kafka.<String, String>stream(kit.context(),
                    config(Kafka.TOPICS, topic, Kafka.STARTING_OFFSETS, "earliest")));
            kit.start();
            BatchInfo first = kit.runBatch();
            kit.runBatch();

            assertThat(values(out.at(kit.batchTime(1)))).containsExactly("a0", "a1", "a2", "b0");
            assertThat(first.numRecords()).isEqualTo(4);
            assertThat(values(out.at(kit.batchTime(2)))).containsExactly("a3", "a4", "a5", "b1");
        }
    }

    @Test
    void shouldPickUpAddedPartitionsAndNewTopicsMatchingThePatternFromTheirFirstRecord() throws Exception {
        String prefix = "metrics" + TOPICS.incrementAndGet();
        KAFKA.broker().createTopic(prefix + "-cpu", 1);
        try (var kit = kit()) {
            var out = kit.output(Kafka.<String, String>stream(kit.context(),
                    config(Kafka.TOPIC_PATTERN, prefix + "-.*")));
            kit.start();
            kit.runBatch();
            KAFKA.broker().send(prefix + "-cpu", 0, "k", List.of("cpu0"));
            KAFKA.broker().addPartitions(prefix + "-cpu", 2);
            KAFKA.broker().send(prefix + "-cpu", 1, "k", List.of("cpu-p1"));
            KAFKA.broker().createTopic(prefix + "-disk", 1);
            KAFKA.broker().createTopic("other" + prefix, 1);
            KAFKA.broker().send(prefix + "-disk", 0, "k", List.of("disk0"));
            KAFKA.broker().send("other" + prefix, 0, "k", List.of("other0"));
            kit.runBatch();

            assertThat(values(out.at(kit.batchTime(2)))).containsExactly("cpu-p1", "cpu0", "disk0");
        }
    }

    @Test
    void shouldCarryHeadersAndKeepRecordsThroughKryoWhenPersistedSerialized() throws Exception {
        String topic = newTopic(1);
        try (var producer = KAFKA.broker().producer()) {
            var record = new ProducerRecord<>(topic, 0, "key", "value");
            record.headers().add("trace", "t-1".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
        try (var kit = kit()) {
            DStream<KafkaRecord<String, String>> stream = Kafka.stream(kit.context(),
                    config(Kafka.TOPICS, topic, Kafka.STARTING_OFFSETS, "earliest"));
            var out = kit.output(stream.persist(StorageLevel.MEMORY_ONLY_SER));
            kit.start();
            kit.runBatch();

            KafkaRecord<String, String> read = out.at(kit.batchTime(1)).get(0);
            assertThat(read.key()).isEqualTo("key");
            assertThat(read.headers()).containsExactly(new KafkaHeader("trace", "t-1".getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void shouldCommitEachBatchsOffsetsToTheGroupOnceItsOutputsAreDone() throws Exception {
        String topic = newTopic(2);
        KAFKA.broker().send(topic, 0, "k", range("a", 0, 3));
        KAFKA.broker().send(topic, 1, "k", range("b", 0, 1));
        try (var kit = kit()) {
            kit.output(Kafka.<String, String>stream(kit.context(), config(Kafka.TOPICS, topic,
                    Kafka.STARTING_OFFSETS, "earliest", "kafka.group.id", "counts-" + topic)));
            kit.start();
            kit.runBatch();

            assertThat(KAFKA.broker().committedOffsets("counts-" + topic)).containsExactlyInAnyOrderEntriesOf(Map.of(
                    new TopicPartition(topic, 0), 3L, new TopicPartition(topic, 1), 1L));
        }
    }

    @Test
    void shouldFailTheBatchNamingThePartitionAndBothOffsetsWhenRecordsWereDeletedByDefault() throws Exception {
        String topic = newTopic(1);
        KAFKA.broker().send(topic, 0, "k", range("a", 0, 2));
        try (var kit = kit()) {
            var failing = kit.output(Kafka.<String, String>stream(kit.context(),
                    config(Kafka.TOPICS, topic, Kafka.STARTING_OFFSETS, "earliest", Kafka.MAX_RATE_PER_PARTITION, "1")));
            var skipping = kit.output(Kafka.<String, String>stream(kit.context(), config(Kafka.TOPICS, topic,
                    Kafka.STARTING_OFFSETS, "earliest", Kafka.MAX_RATE_PER_PARTITION, "1",
                    Kafka.ON_OFFSET_OUT_OF_RANGE, "earliest")));
            kit.start();
            kit.runBatch();
            KAFKA.broker().send(topic, 0, "k", range("a", 2, 6));
            KAFKA.broker().deleteRecordsBefore(new TopicPartition(topic, 0), 4);
            BatchInfo second = kit.runBatch();

            assertThat(values(failing.at(kit.batchTime(1)))).containsExactly("a0");
            assertThat(failures(second)).singleElement().asString()
                    .contains("partition " + topic + "-0: offset 1 is out of range, the partition holds [4, 6)");
            assertThat(values(skipping.at(kit.batchTime(2)))).containsExactly("a4");
        }
    }

    @Test
    void shouldFailOnAnUndeserializableRecordNamingItOrSkipAndCountItWhenAsked() throws Exception {
        String topic = newTopic(1);
        KAFKA.broker().sendBytes(topic, 0, new byte[] {0, 0, 0, 7});
        KAFKA.broker().sendBytes(topic, 0, new byte[] {1, 2, 3});
        KAFKA.broker().sendBytes(topic, 0, new byte[] {0, 0, 0, 9});
        String ints = "org.apache.kafka.common.serialization.IntegerDeserializer";
        try (var kit = kit()) {
            kit.output(Kafka.stream(kit.context(), config(Kafka.TOPICS, topic, Kafka.STARTING_OFFSETS, "earliest",
                    Kafka.VALUE_DESERIALIZER, ints)));
            var skipping = kit.output(Kafka.<String, Integer>stream(kit.context(), config(Kafka.TOPICS, topic,
                    Kafka.STARTING_OFFSETS, "earliest", Kafka.VALUE_DESERIALIZER, ints,
                    Kafka.ON_UNDESERIALIZABLE, "skip")));
            kit.start();
            BatchInfo batch = kit.runBatch();

            assertThat(failures(batch)).singleElement().asString()
                    .contains("the record at offset 1 of partition " + topic + "-0 cannot be deserialized");
            assertThat(skipping.at(kit.batchTime(1))).extracting(KafkaRecord::value).containsExactly(7, 9);
        }
    }

    @Test
    void shouldGoOnWithoutAnUnknownTopicAndReadItOnceItIsCreated() throws Exception {
        String known = newTopic(1);
        String later = "later-" + TOPICS.incrementAndGet();
        try (var kit = kit()) {
            var out = kit.output(Kafka.<String, String>stream(kit.context(), config(Kafka.TOPICS, known + "," + later)));
            kit.start();
            kit.runBatch();
            String status = status(kit);
            KAFKA.broker().createTopic(later, 1);
            KAFKA.broker().send(later, 0, "k", List.of("l0"));
            KAFKA.broker().send(known, 0, "k", List.of("k0"));
            kit.runBatch();

            assertThat(status).contains("topic '" + later + "' does not exist on " + KAFKA.broker().bootstrapServers());
            assertThat(values(out.at(kit.batchTime(2)))).containsExactly("k0", "l0");
        }
    }

    @Test
    void shouldReadNothingAndSaySoWhileTheClusterIsOutOfReach() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (var kit = kit()) {
            var out = kit.output(Kafka.<String, String>stream(kit.context(), Config.of(Map.of(
                    Kafka.BOOTSTRAP_SERVERS, "127.0.0.1:" + closedPort, Kafka.TOPICS, "anything"))));
            kit.start();
            kit.runBatches(2);

            assertThat(out.at(kit.batchTime(2))).isEmpty();
            assertThat(status(kit))
                    .contains("waiting for Kafka at 127.0.0.1:" + closedPort + ", retrying every batch");
        }
    }

    /** What the stream's status shows of its sources: their state and last error. */
    private static String status(StreamTestKit kit) {
        return kit.context().graph().inputs().stream().map(i -> i.receiverInfo().orElseThrow().toString()).toList()
                .toString();
    }

    private static List<String> failures(BatchInfo batch) {
        return batch.outputOperations().stream().map(OutputOperationInfo::failure).flatMap(java.util.Optional::stream)
                .toList();
    }
}
