package dev.sluice.source.kafka.internal;

import dev.sluice.kafka.testkit.KafkaBroker;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A batch's transaction as the Kafka output writes it in a stream whose state the group keeps per
 * key partition: the changelog records the reduce side hands it and the key partitions' offsets,
 * committed while this member owns them, or aborted as when the group refuses them.
 */
final class OutputTransactions {

    private OutputTransactions() {
    }

    /**
     * Commits batch {@code time}'s key partitions' offsets, as the output's transaction does for a
     * stream keeping no state, or aborts it and tells the reduce side when the group refuses them,
     * as the sink does; the partitions whose offsets it tried to commit.
     */
    static List<String> commitOffsets(KafkaBroker broker, String writer, ReduceSideReader reduced, long time) {
        try (var producer = begun(broker, writer, time)) {
            var offsets = reduced.offsetsAfter(time).orElseThrow();
            try {
                reduced.whileOwning(offsets.keySet(), () -> {
                    producer.sendOffsetsToTransaction(offsets, reduced.groupMetadata());
                    producer.commitTransaction();
                });
            } catch (KafkaException e) {
                producer.abortTransaction();
                reduced.refused(time);
            }
            return offsets.keySet().stream().map(Object::toString).toList();
        }
    }

    /** Commits (or aborts) batch {@code time}'s transaction; the changelog records it carried. */
    static List<ProducerRecord<byte[], byte[]>> write(KafkaBroker broker, String writer, ReduceSideReader reduced,
                                                      long time, boolean commit) {
        try (var producer = begun(broker, writer, time)) {
            var offsets = reduced.offsetsAfter(time).orElseThrow();
            var records = reduced.recordsWith(time);
            records.forEach(producer::send);
            producer.flush();
            if (!commit) {
                producer.abortTransaction();
                reduced.refused(time);
                return records;
            }
            reduced.whileOwning(offsets.keySet(), () -> {
                producer.sendOffsetsToTransaction(offsets, reduced.groupMetadata());
                producer.commitTransaction();
            });
            reduced.committed(time);
            return records;
        }
    }

    /** A transactional producer of its own for batch {@code time}, its transaction begun. */
    private static KafkaProducer<byte[], byte[]> begun(KafkaBroker broker, String writer, long time) {
        Properties props = broker.clientProperties();
        props.put("transactional.id", writer + "-" + time + "-" + System.nanoTime());
        var producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        producer.initTransactions();
        producer.beginTransaction();
        return producer;
    }
}
