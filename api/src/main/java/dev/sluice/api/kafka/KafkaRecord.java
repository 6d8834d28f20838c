package dev.sluice.api.kafka;

import java.util.List;
import java.util.Objects;

/**
 * One record read from Kafka by a direct stream: where it was (topic, partition, offset), its
 * timestamp in milliseconds since the epoch, its key and value as the stream's deserializers made
 * them, and its headers in their order. The Kafka source registers it for serialization.
 */
public record KafkaRecord<K, V>(String topic, int partition, long offset, long timestamp, K key, V value,
                                List<KafkaHeader> headers) {

    public KafkaRecord {
        Objects.requireNonNull(topic, "topic");
        headers = List.copyOf(headers);
    }

    /** Shown as the spec prints elements: {@code (key,value)}. */
    @Override
    public String toString() {
        return "(" + key + "," + value + ")";
    }
}
