package dev.sluice.benchmarks;

import dev.sluice.api.Config;
import dev.sluice.kafka.testkit.KafkaBroker;
import dev.sluice.source.kafka.internal.SnapshotRestore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * How long a member takes to read one key partition of a keyed stage's state back from its
 * changelog, and how that grows with the changes written since the start: a real broker (the
 * Kafka tests' KRaft node) in this JVM, one compacted partition written as the group writes it
 * ({@code passes} times every one of {@code keys} keys, a transaction per 50,000 changes, each
 * record's timestamp its batch), then read {@code read_committed} from its beginning to its end into
 * a map of the latest state per key, with the fetch settings of the Kafka plugin's restore, as many
 * times as {@code reads} says. With {@code snapshotAfter=N}, the Kafka plugin's own snapshot of the
 * partition is taken after pass N (in {@code dir}'s {@code snapshots}), and each read is followed by
 * two of the plugin's restores: from the changelog only, and from the snapshot and the changelog
 * after it.
 *
 * <p>Arguments {@code key=value}: {@code keys} (166667: a sixth of 1,000,000, one key partition of
 * six), {@code passes} (4), {@code segmentBytes} (the changelog's segment size; the broker's 1 GiB
 * when absent), {@code cleanerWait} (40s: how long the broker's log cleaner gets before the reads),
 * {@code reads} (3), {@code dir} (the broker's directory, a temporary one when absent),
 * {@code snapshotAfter} (none). Prints one {@code RESTORE keys=.. records=.. ms=..} line per read,
 * and with a snapshot a {@code RESTORE mode=changelog|snapshot keys=.. records=.. fromSnapshot=..
 * ms=..} line per plugin restore.
 */
public final class ChangelogRestore {

    private static final String TOPIC = "changelog";
    private static final int CHANGES_PER_TRANSACTION = 50_000;

    private ChangelogRestore() {
    }

    public static void main(String[] args) throws Exception {
        Config config = Config.parse(Arrays.asList(args));
        int keys = config.integer("keys", 166_667);
        int passes = config.integer("passes", 4);
        var dir = config.has("dir") ? java.nio.file.Path.of(config.string("dir"))
                : Files.createTempDirectory("sluice-changelog-restore");
        try (KafkaBroker broker = KafkaBroker.start(dir)) {
            var topicConfig = new HashMap<String, String>();
            topicConfig.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            config.get("segmentBytes").ifPresent(s -> topicConfig.put(TopicConfig.SEGMENT_BYTES_CONFIG, s));
            try (var admin = Admin.create(broker.clientProperties())) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1).configs(topicConfig))).all().get();
            }
            int snapshotAfter = config.integer("snapshotAfter", 0);
            Optional<String> snapshots = Optional.empty();
            if (snapshotAfter > 0) {
                write(broker, keys, 1, snapshotAfter);
                snapshots = Optional.of(dir.resolve("snapshots").toString());
                long started = System.nanoTime();
                SnapshotRestore.snapshot(properties(broker), TOPIC, snapshots.get());
                System.out.println("SNAPSHOT after_pass=" + snapshotAfter + " ms="
                        + Duration.ofNanos(System.nanoTime() - started).toMillis());
                write(broker, keys, snapshotAfter + 1, passes);
            } else {
                write(broker, keys, 1, passes);
            }
            Thread.sleep(config.duration("cleanerWait", Duration.ofSeconds(40)).toMillis());
            for (int i = 0; i < config.integer("reads", 3); i++) {
                read(broker);
                if (snapshots.isPresent()) {
                    pluginRestore(broker, "changelog", Optional.empty());
                    pluginRestore(broker, "snapshot", snapshots);
                }
            }
        }
    }

    /** The Kafka plugin's restore of the partition, from the changelog only or from {@code snapshots} and the changelog after. */
    private static void pluginRestore(KafkaBroker broker, String mode, Optional<String> snapshots)
            throws java.io.IOException {
        long started = System.nanoTime();
        SnapshotRestore.Figures figures = SnapshotRestore.restore(properties(broker), TOPIC, snapshots);
        System.out.println("RESTORE mode=" + mode + " keys=" + figures.keys() + " records=" + figures.records()
                + " fromSnapshot=" + figures.keysFromSnapshots() + " ms="
                + Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    private static Map<String, Object> properties(KafkaBroker broker) {
        var properties = new HashMap<String, Object>();
        broker.clientProperties().forEach((k, v) -> properties.put((String) k, v));
        return properties;
    }

    /** Every key changed once per pass of {@code first..last}, a batch per pass, in transactions as the group's output writes them. */
    private static void write(KafkaBroker broker, int keys, int first, int last) {
        var props = broker.clientProperties();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "changelog-restore-" + first);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(1 << 19));
        try (var producer = new KafkaProducer<byte[], byte[]>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            long changes = 0;
            for (int pass = first; pass <= last; pass++) {
                for (int k = 0; k < keys; k++) {
                    if (changes > 0 && changes % CHANGES_PER_TRANSACTION == 0) {
                        producer.commitTransaction();
                        producer.beginTransaction();
                    }
                    // about the size of a serialized word and its count
                    byte[] key = ("word-" + Integer.toString(k * 7919 + 1_000_003, 36)).getBytes(StandardCharsets.US_ASCII);
                    byte[] state = ByteBuffer.allocate(9).put((byte) 1).putLong(pass).array();
                    producer.send(new ProducerRecord<>(TOPIC, 0, (long) pass, key, state));
                    changes++;
                }
            }
            producer.commitTransaction();
        }
    }

    /** The restore's read: the partition from its beginning to its last stable offset, the latest state per key. */
    private static void read(KafkaBroker broker) {
        var props = broker.clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(16 << 20));
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(64 << 20));
        long started = System.nanoTime();
        long records = 0;
        var state = new HashMap<ByteBuffer, byte[]>();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var tp = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            while (consumer.position(tp) < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    records++;
                    if (r.value() == null) {
                        state.remove(ByteBuffer.wrap(r.key()));
                    } else {
                        state.put(ByteBuffer.wrap(r.key()), r.value());
                    }
                }
            }
        }
        System.out.println("RESTORE keys=" + state.size() + " records=" + records + " ms="
                + Duration.ofNanos(System.nanoTime() - started).toMillis());
    }
}
