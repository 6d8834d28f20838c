package dev.sluice.source.kafka.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The records of a repartition topic: a chunk of combined values of one batch (header
 * {@value #BATCH}: the batch time), or an end-of-batch marker (header {@value #COVERS}): the input
 * partitions for which every batch up to a time has been handed over, by the member that owns them.
 * A marker is written to every key partition with the chunks, in the same transaction.
 */
final class ExchangeRecords {

    static final String BATCH = "sluice.batch";
    static final String COVERS = "sluice.covers";

    /** What a marker says: every batch up to {@code upTo} of {@code inputs} has been handed over. */
    record Marker(long upTo, List<TopicPartition> inputs) {
    }

    private ExchangeRecords() {
    }

    static ProducerRecord<byte[], byte[]> chunk(String topic, int partition, long batch, byte[] chunk) {
        return new ProducerRecord<>(topic, partition, null, null, chunk, List.<Header>of(new RecordHeader(BATCH,
                time(batch))));
    }

    static ProducerRecord<byte[], byte[]> marker(String topic, int partition, long upTo,
                                                 Collection<TopicPartition> inputs) {
        var text = new StringBuilder();
        for (TopicPartition tp : inputs) {
            text.append(tp.topic()).append('\t').append(tp.partition()).append('\n');
        }
        return new ProducerRecord<>(topic, partition, null, null, text.toString().getBytes(StandardCharsets.UTF_8),
                List.<Header>of(new RecordHeader(COVERS, time(upTo))));
    }

    /** The batch of a chunk; empty for a marker. */
    static Optional<Long> batchOf(ConsumerRecord<byte[], byte[]> record) {
        Header h = record.headers().lastHeader(BATCH);
        return h == null ? Optional.empty() : Optional.of(ByteBuffer.wrap(h.value()).getLong());
    }

    /** The marker a record is; empty for a chunk. */
    static Optional<Marker> markerOf(ConsumerRecord<byte[], byte[]> record) {
        Header h = record.headers().lastHeader(COVERS);
        if (h == null) {
            return Optional.empty();
        }
        var inputs = new ArrayList<TopicPartition>();
        for (String line : new String(record.value(), StandardCharsets.UTF_8).split("\n")) {
            int tab = line.lastIndexOf('\t');
            if (tab > 0) {
                inputs.add(new TopicPartition(line.substring(0, tab), Integer.parseInt(line.substring(tab + 1))));
            }
        }
        return Optional.of(new Marker(ByteBuffer.wrap(h.value()).getLong(), inputs));
    }

    private static byte[] time(long millis) {
        return ByteBuffer.allocate(Long.BYTES).putLong(millis).array();
    }
}
