package dev.sluice.source.kafka.internal;

import dev.sluice.api.SluiceException;
import dev.sluice.kafka.KafkaCalls;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
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
    private static final Duration STABLE_POLL = Duration.ofMillis(20);

    private final String topic;
    private final Map<String, Object> properties;
    private KafkaConsumer<byte[], byte[]> consumer;
    private Admin admin;

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

    /** Where the records written to each partition end now, committed, open or aborted alike (the high watermark). */
    Map<Integer, Long> written(List<Integer> partitions) {
        var latest = new HashMap<TopicPartition, OffsetSpec>();
        tps(partitions).forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        try {
            var offsets = admin().listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get();
            var result = new HashMap<Integer, Long>();
            offsets.forEach((tp, info) -> result.put(tp.partition(), info.offset()));
            return result;
        } catch (ExecutionException e) {
            throw new SluiceException("the end of " + partitions + " of " + topic + " cannot be read: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SluiceException("interrupted while reading the end of " + topic, e);
        }
    }

    /** Where the committed changes of each partition end now. */
    Map<Integer, Long> ends(List<Integer> partitions) {
        return byPartition(consumer().endOffsets(tps(partitions)));
    }

    /**
     * Waits, for at most {@code max}, until the committed changes of each partition reach the offset
     * {@code written} gives it: a transaction's commit returns before its markers are in the
     * partitions, and only then are its records readable {@code read_committed}.
     */
    void awaitStable(Map<Integer, Long> written, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        List<Integer> partitions = List.copyOf(written.keySet());
        while (System.nanoTime() < deadline) {
            Map<Integer, Long> stable = ends(partitions);
            if (partitions.stream().allMatch(p -> stable.get(p) >= written.get(p))) {
                return;
            }
            Thread.sleep(STABLE_POLL.toMillis());
        }
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

    private Admin admin() {
        if (admin == null) {
            admin = KafkaCalls.withKafkaLoader(() -> Admin.create(properties));
        }
        return admin;
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
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(5));
            consumer = null;
        }
    }
}
