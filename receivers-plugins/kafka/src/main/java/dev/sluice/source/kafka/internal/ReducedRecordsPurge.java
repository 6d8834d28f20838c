package dev.sluice.source.kafka.internal;

import dev.sluice.kafka.KafkaCalls;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what the reduce side no longer needs from the key partitions this member owns: the records
 * before each partition's committed offset are reduced and their results written, so nobody reads
 * them again. Without it a repartition topic would keep every batch until its retention ends. At
 * most once per {@code every}; the deletion runs in the background and a failure only leaves
 * records for the next time.
 */
final class ReducedRecordsPurge implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReducedRecordsPurge.class);

    private final Map<String, Object> properties;
    private final Duration every;
    private Admin admin;
    private long last = System.nanoTime();

    ReducedRecordsPurge(Map<String, Object> clientProperties, Duration every) {
        this.properties = new HashMap<>(clientProperties);
        this.every = every;
    }

    /** If it is time, deletes the records of {@code owned} before the offsets {@code committed} gives. */
    void maybePurge(Set<TopicPartition> owned,
                    Function<Set<TopicPartition>, Map<TopicPartition, OffsetAndMetadata>> committed) {
        if (owned.isEmpty() || System.nanoTime() - last < every.toNanos()) {
            return;
        }
        last = System.nanoTime();
        purge(committed.apply(owned));
    }

    /** Deletes the records before {@code committed}'s offsets. */
    void purge(Map<TopicPartition, OffsetAndMetadata> committed) {
        var before = new HashMap<TopicPartition, RecordsToDelete>();
        committed.forEach((tp, at) -> before.put(tp, RecordsToDelete.beforeOffset(at.offset())));
        if (before.isEmpty()) {
            return;
        }
        if (admin == null) {
            admin = KafkaCalls.withKafkaLoader(() -> Admin.create(properties));
        }
        admin.deleteRecords(before).all().whenComplete((done, e) -> {
            if (e != null) {
                LOG.debug("Deleting the reduced records of {} failed ({}); tried again later", before.keySet(),
                        e.toString());
            }
        });
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
