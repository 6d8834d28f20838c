package dev.sluice.source.kafka.internal;

import dev.sluice.api.SluiceException;
import dev.sluice.kafka.KafkaCalls;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads partitions of a changelog {@code read_committed} from given offsets to their end (the last
 * stable offset, after every decided transaction), laying each change over a partition's state: a
 * record sets its key's state, a tombstone removes it. One consumer, used by one thread at a time.
 */
final class ChangelogReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

    private final String topic;
    private final Map<String, Object> properties;
    private KafkaConsumer<byte[], byte[]> consumer;

    /** {@code properties}: a {@code read_committed} consumer's, not in a group. */
    ChangelogReader(String topic, Map<String, Object> properties) {
        this.topic = topic;
        this.properties = properties;
    }

    /** The changelog's number of partitions. */
    int partitions() {
        return consumer().partitionsFor(topic).size();
    }

    /** The first offset each partition still holds. */
    Map<Integer, Long> beginnings(List<Integer> partitions) {
        return byPartition(consumer().beginningOffsets(tps(partitions)));
    }

    /** Where the committed changes of each partition end now. */
    Map<Integer, Long> ends(List<Integer> partitions) {
        return byPartition(consumer().endOffsets(tps(partitions)));
    }

    /** Changelog records read, and the offset each partition was read to. */
    record Read(long records, Map<Integer, Long> ends) {
    }

    /**
     * Reads each partition of {@code from} from its offset (0: the beginning) to its end, laying its
     * changes over {@code states.get(partition)}.
     */
    Read read(Map<Integer, Long> from, Map<Integer, Map<ByteBuffer, byte[]>> states) {
        KafkaConsumer<byte[], byte[]> consumer = consumer();
        var tps = tps(List.copyOf(from.keySet()));
        consumer.assign(tps);
        try {
            from.forEach((p, offset) -> {
                var tp = new TopicPartition(topic, p);
                if (offset > 0) {
                    consumer.seek(tp, offset);
                } else {
                    consumer.seekToBeginning(List.of(tp));
                }
            });
            Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            long records = 0;
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new SluiceException("the state of " + tps + " could not be read to its end " + ends + " in "
                            + READ_TIMEOUT.toSeconds() + " s; is the broker at " + properties.get("bootstrap.servers")
                            + " reachable?");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    records++;
                    Map<ByteBuffer, byte[]> entries = states.get(r.partition());
                    if (r.value() == null) {
                        entries.remove(ByteBuffer.wrap(r.key()));
                    } else {
                        entries.put(ByteBuffer.wrap(r.key()), r.value());
                    }
                }
            }
            var readTo = new HashMap<Integer, Long>();
            tps.forEach(tp -> readTo.put(tp.partition(), consumer.position(tp)));
            return new Read(records, readTo);
        } finally {
            consumer.assign(List.of());
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        if (consumer == null) {
            consumer = KafkaCalls.withKafkaLoader(() -> new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer()));
        }
        return consumer;
    }

    private List<TopicPartition> tps(List<Integer> partitions) {
        return partitions.stream().map(p -> new TopicPartition(topic, p)).toList();
    }

    private static Map<Integer, Long> byPartition(Map<TopicPartition, Long> offsets) {
        var result = new HashMap<Integer, Long>();
        offsets.forEach((tp, offset) -> result.put(tp.partition(), offset));
        return result;
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(5));
            consumer = null;
        }
    }
}
