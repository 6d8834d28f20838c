package dev.sluice.source.kafka.internal;

import dev.sluice.kafka.testkit.KafkaBroker;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A batch's transaction as the Kafka output writes it in a stream whose state the group keeps per
 * key partition: the changelog records the reduce side hands it and the key partitions' offsets,
 * committed while this member owns them, or aborted as when the group refuses them.
 */
final class OutputTransactions {

    private OutputTransactions() {
    }

    /** Commits (or aborts) batch {@code time}'s transaction; the changelog records it carried. */
    static List<ProducerRecord<byte[], byte[]>> write(KafkaBroker broker, String writer, ReduceSideReader reduced,
                                                      long time, boolean commit) {
        Properties props = broker.clientProperties();
        props.put("transactional.id", writer + "-" + time + "-" + System.nanoTime());
        try (var producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
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
}
