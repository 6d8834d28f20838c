package dev.sluice.sink.kafka.internal;

import dev.sluice.kafka.KafkaCalls;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The last batch an output committed, kept in Kafka itself: each batch's transaction also commits,
 * for a consumer group named after the output, an offset whose metadata is the batch time. It
 * becomes visible with the batch's records or not at all, so after a crash the output knows
 * whether a batch it is asked to write again is already in the topic.
 */
final class BatchMarker {

    private static final String PREFIX = "sluice-batch ";

    private final Map<String, Object> clientProperties;
    private final String group;
    private final TopicPartition partition;

    BatchMarker(Map<String, Object> clientProperties, String transactionalId, String topic) {
        this.clientProperties = clientProperties;
        this.group = transactionalId + ".batches";
        this.partition = new TopicPartition(topic, 0);
    }

    String group() {
        return group;
    }

    ConsumerGroupMetadata groupMetadata() {
        return new ConsumerGroupMetadata(group);
    }

    /** What a batch's transaction commits besides its records. */
    Map<TopicPartition, OffsetAndMetadata> marking(long batchTime) {
        return Map.of(partition, new OffsetAndMetadata(0, PREFIX + batchTime));
    }

    /**
     * The time of the last committed batch, if any. Asked after the writer's transactions were
     * initialised, so no transaction of an earlier writer is still open and the answer is final.
     */
    OptionalLong lastCommitted(Duration timeout) {
        var props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (var consumer = KafkaCalls.withKafkaLoader(() ->
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer()))) {
            OffsetAndMetadata committed = consumer.committed(java.util.Set.of(partition), timeout).get(partition);
            if (committed == null || !committed.metadata().startsWith(PREFIX)) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(Long.parseLong(committed.metadata().substring(PREFIX.length())));
        }
    }
}
