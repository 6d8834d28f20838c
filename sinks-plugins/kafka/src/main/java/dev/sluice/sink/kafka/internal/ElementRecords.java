package dev.sluice.sink.kafka.internal;

import dev.sluice.api.Pair;
import dev.sluice.api.kafka.KafkaHeader;
import dev.sluice.api.kafka.KafkaRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Turns a stream's elements into the records an output writes: a {@link Pair} as key and value, a
 * {@link KafkaRecord} as its key, value and headers, anything else as a value with no key. The
 * partition is left to Kafka's partitioner, which places records by their key.
 */
final class ElementRecords {

    private final String topic;
    private final Serializer<Object> keys;
    private final Serializer<Object> values;

    ElementRecords(String topic, Serializer<Object> keys, Serializer<Object> values) {
        this.topic = topic;
        this.keys = keys;
        this.values = values;
    }

    /** {@code element} as a record of batch {@code batchTime}, which is its timestamp: a reader can tell the batches apart. */
    ProducerRecord<byte[], byte[]> toRecord(Object element, long batchTime) {
        if (element instanceof Pair<?, ?> pair) {
            return record(pair.key(), pair.value(), List.of(), batchTime);
        }
        if (element instanceof KafkaRecord<?, ?> r) {
            var headers = new ArrayList<Header>();
            for (KafkaHeader h : r.headers()) {
                headers.add(new RecordHeader(h.key(), h.value()));
            }
            return record(r.key(), r.value(), headers, batchTime);
        }
        return record(null, element, List.of(), batchTime);
    }

    private ProducerRecord<byte[], byte[]> record(Object key, Object value, List<Header> headers, long batchTime) {
        return new ProducerRecord<>(topic, null, batchTime, keys.serialize(topic, key), values.serialize(topic, value),
                headers);
    }
}
