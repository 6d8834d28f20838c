package dev.sluice.kafka.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node KRaft Kafka cluster (one combined broker and controller) in this JVM, on a
 * free loopback port, with the production metadata version, and the few client calls tests need.
 */
public final class KafkaBroker implements AutoCloseable {

    private final KafkaClusterTestKit cluster;
    private final Admin admin;

    private KafkaBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
        this.admin = cluster.admin();
    }

    /** Starts a cluster whose logs live under {@code dir} (its own directory: the kit's default one is deleted by a shutdown hook). */
    public static KafkaBroker start(Path dir) throws Exception {
        return start(dir, Map.of());
    }

    /** A cluster as {@link #start(Path)} makes, with {@code brokerSettings} set on its broker (they win). */
    public static KafkaBroker start(Path dir, Map<String, String> brokerSettings) throws Exception {
        var nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBootstrapMetadataVersion(MetadataVersion.IBP_4_3_IV0)
                .setBaseDirectory(Files.createDirectories(dir))
                .build();
        var builder = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("auto.create.topics.enable", "false")
                .setConfigProp("group.initial.rebalance.delay.ms", "0");
        brokerSettings.forEach(builder::setConfigProp);
        var cluster = builder.build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return new KafkaBroker(cluster);
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public void createTopic(String topic, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    }

    public void addPartitions(String topic, int totalPartitions) throws Exception {
        admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(totalPartitions))).all().get();
    }

    /** Deletes the records of {@code partition} before {@code offset}, as retention would. */
    public void deleteRecordsBefore(TopicPartition partition, long offset) throws Exception {
        admin.deleteRecords(Map.of(partition, org.apache.kafka.clients.admin.RecordsToDelete.beforeOffset(offset)))
                .all().get();
    }

    public Map<TopicPartition, Long> committedOffsets(String group) throws Exception {
        var result = new java.util.HashMap<TopicPartition, Long>();
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                .forEach((tp, o) -> result.put(tp, o.offset()));
        return result;
    }

    /** The offsets committed in {@code group} with their metadata. */
    public Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed(String group)
            throws Exception {
        return new java.util.HashMap<>(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get());
    }

    /** Sends {@code values} to one partition, keyed by {@code key}, and waits until every one is written. */
    public void send(String topic, int partition, String key, Collection<String> values) throws Exception {
        try (var producer = producer()) {
            for (String v : values) {
                producer.send(new ProducerRecord<>(topic, partition, key, v));
            }
            producer.flush();
        }
    }

    public void sendBytes(String topic, int partition, byte[] value) throws Exception {
        var props = clientProperties();
        try (var producer = new KafkaProducer<byte[], byte[]>(props, new org.apache.kafka.common.serialization
                .ByteArraySerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, partition, null, value)).get();
        }
    }

    public KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(clientProperties(), new StringSerializer(), new StringSerializer());
    }

    /**
     * Every record of {@code topic} a consumer at {@code isolation} ({@code read_committed} or
     * {@code read_uncommitted}) sees, from the beginning up to each partition's end as of now. At
     * {@code read_committed} that end is the last stable offset: a transaction committed a moment ago
     * may not be readable yet (see {@link #readCommitted}).
     */
    public List<ConsumerRecord<String, String>> readAll(String topic, String isolation) {
        return read(topic, isolation, false);
    }

    /**
     * Every committed record of {@code topic} written by now, once a {@code read_committed} reader can
     * read it: a commit returns before its markers are in the partitions, so this waits until the
     * transactions written by now are decided. A transaction still open after 30 s fails the read.
     */
    public List<ConsumerRecord<String, String>> readCommitted(String topic) {
        return read(topic, "read_committed", true);
    }

    /** Reads to the end a reader at {@code isolation} sees now, or, {@code toWritten}, to every record written by now. */
    private List<ConsumerRecord<String, String>> read(String topic, String isolation, boolean toWritten) {
        var props = clientProperties();
        props.put("isolation.level", isolation);
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Map<TopicPartition, Long> end = toWritten ? decidedEnd(partitions, deadline)
                    : consumer.endOffsets(partitions);
            var records = new ArrayList<ConsumerRecord<String, String>>();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end " + end);
                }
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
            return records;
        }
    }

    /** Each partition's end as of now, once a read_committed reader can read up to it. */
    private Map<TopicPartition, Long> decidedEnd(List<TopicPartition> partitions, long deadline) {
        Map<TopicPartition, Long> written = endOffsets(partitions, IsolationLevel.READ_UNCOMMITTED);
        while (true) {
            Map<TopicPartition, Long> stable = endOffsets(partitions, IsolationLevel.READ_COMMITTED);
            if (partitions.stream().allMatch(tp -> stable.get(tp) >= written.get(tp))) {
                return written;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("a transaction is still open in " + partitions + ": read_committed readers"
                        + " can read to " + stable + ", records are written to " + written);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + partitions + "'s transactions", e);
            }
        }
    }

    private Map<TopicPartition, Long> endOffsets(List<TopicPartition> partitions, IsolationLevel isolation) {
        var latest = new HashMap<TopicPartition, OffsetSpec>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        try {
            var result = new HashMap<TopicPartition, Long>();
            admin.listOffsets(latest, new ListOffsetsOptions(isolation)).all().get()
                    .forEach((tp, info) -> result.put(tp, info.offset()));
            return result;
        } catch (Exception e) {
            throw new AssertionError("could not ask the end offsets of " + partitions, e);
        }
    }

    public Set<String> topics() throws Exception {
        return admin.listTopics().names().get();
    }

    public Properties clientProperties() {
        var props = new Properties();
        props.put("bootstrap.servers", bootstrapServers());
        return props;
    }

    @Override
    public void close() throws Exception {
        admin.close();
        cluster.close();
    }
}
