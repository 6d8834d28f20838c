package dev.sluice.api.kafka;

import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.StreamingContext;
import java.util.Map;

/**
 * Kafka streams and outputs in plain Java and in the container: the {@code kafka} source (a direct
 * stream, each batch an offset range per partition) and the {@code kafka} sink (transactional,
 * exactly once). Client settings pass through as {@code kafka.<setting>}, e.g.
 * {@code kafka.security.protocol=SASL_SSL}; the README lists every key.
 */
public final class Kafka {

    /** The source and sink type of the Kafka plugins. */
    public static final String TYPE = "kafka";

    /** The prefix of a setting handed to Kafka's client as it is, e.g. {@code kafka.bootstrap.servers}. */
    public static final String CLIENT_PREFIX = "kafka.";
    public static final String BOOTSTRAP_SERVERS = CLIENT_PREFIX + "bootstrap.servers";

    // the source's keys
    /** Comma-separated topics to read. */
    public static final String TOPICS = "topics";
    /** A Java regular expression: every topic whose whole name matches, including topics created later. */
    public static final String TOPIC_PATTERN = "topicPattern";
    /** {@code earliest}, {@code latest} (the default) or {@code topic-partition:offset,...}. */
    public static final String STARTING_OFFSETS = "startingOffsets";
    /** Milliseconds since the epoch: each partition starts at its first record from then on. */
    public static final String STARTING_TIMESTAMP = "startingTimestamp";
    /** Records per second each partition contributes at most; each batch reads at most that times the interval. */
    public static final String MAX_RATE_PER_PARTITION = "maxRatePerPartition";
    /** {@code fail} (the default), {@code earliest} or {@code latest}: what to do when a partition's offset is gone. */
    public static final String ON_OFFSET_OUT_OF_RANGE = "onOffsetOutOfRange";
    /** {@code fail} (the default) or {@code skip}: what to do with a record the deserializers refuse. */
    public static final String ON_UNDESERIALIZABLE = "onUndeserializable";
    /** Whether a batch's offsets are committed to the consumer group once its outputs are done (default true). */
    public static final String COMMIT_OFFSETS = "commitOffsets";
    /** {@code string} (the default), {@code bytes}, a class name, or an object set with {@link Config#withObject}. */
    public static final String KEY_DESERIALIZER = "keyDeserializer";
    public static final String VALUE_DESERIALIZER = "valueDeserializer";

    // the sink's keys
    /** The topic a Kafka output writes to. */
    public static final String TOPIC = "topic";
    /** {@code string} (the default: each key's and value's {@code toString()}), {@code bytes}, a class name or an object. */
    public static final String KEY_SERIALIZER = "keySerializer";
    public static final String VALUE_SERIALIZER = "valueSerializer";
    /** Names the output among every writer of the topic: the prefix of its transactional ids; unique per output. */
    public static final String TRANSACTIONAL_ID = "transactionalId";

    private Kafka() {
    }

    /** A direct stream of the comma-separated {@code topics} on the cluster at {@code bootstrapServers}, keys and values as strings. */
    public static DStream<KafkaRecord<String, String>> stream(StreamingContext ssc, String bootstrapServers,
                                                              String topics) {
        return stream(ssc, Config.of(Map.of(BOOTSTRAP_SERVERS, bootstrapServers, TOPICS, topics)));
    }

    /** A direct stream configured by {@code config}: the keys above and {@code kafka.*} client settings. */
    public static <K, V> DStream<KafkaRecord<K, V>> stream(StreamingContext ssc, Config config) {
        return ssc.batchSourceStream(TYPE, config);
    }

    /**
     * Writes every batch of {@code stream} to {@code topic} in one Kafka transaction per batch:
     * elements that are {@link dev.sluice.api.Pair}s or {@link KafkaRecord}s are written with their
     * key (and so partitioned by it), anything else as a value without a key.
     */
    public static void save(DStream<?> stream, String bootstrapServers, String topic) {
        save(stream, Config.of(Map.of(BOOTSTRAP_SERVERS, bootstrapServers, TOPIC, topic)));
    }

    /** As {@link #save(DStream, String, String)}, configured by {@code config}. */
    public static void save(DStream<?> stream, Config config) {
        stream.to(TYPE, config);
    }
}
