package dev.sluice.source.kafka.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What the reduce side has read of one key partition and not yet reduced: the chunks by batch, how
 * far the markers say each input partition has been handed over, and the first offset of what is
 * still needed, which is where the next owner goes on from if this one dies.
 */
final class KeyPartitionLog {

    /** The last batch reduced from this partition (by this member or the one before). */
    private long reduced;
    /** Records before this offset of batches up to {@link #reduced} were reduced already. */
    private final long reducedReadTo;
    private final Map<TopicPartition, Long> coveredUpTo = new HashMap<>();
    private final NavigableMap<Long, List<byte[]>> chunks = new TreeMap<>();
    /** Per batch (of a chunk, or up to which a marker covers), the first offset still needed. */
    private final NavigableMap<Long, Long> firstOffsets = new TreeMap<>();
    private long position;

    /** Goes on after {@code committed}: the group's progress of this partition. */
    KeyPartitionLog(ExchangeProgress committed, long position) {
        this.reduced = committed.upTo();
        this.reducedReadTo = committed.readTo();
        this.position = position;
    }

    long position() {
        return position;
    }

    long reduced() {
        return reduced;
    }

    void add(ConsumerRecord<byte[], byte[]> record) {
        position = record.offset() + 1;
        var marker = ExchangeRecords.markerOf(record);
        if (marker.isPresent()) {
            long upTo = marker.get().upTo();
            marker.get().inputs().forEach(tp -> coveredUpTo.merge(tp, upTo, Math::max));
            if (upTo > reduced) {
                firstOffsets.putIfAbsent(upTo, record.offset());
            }
            return;
        }
        var batch = ExchangeRecords.batchOf(record);
        if (batch.isEmpty() || (batch.get() <= reduced && record.offset() < reducedReadTo)) {
            return; // reduced before this member took the partition over
        }
        chunks.computeIfAbsent(batch.get(), b -> new ArrayList<>()).add(record.value());
        firstOffsets.putIfAbsent(batch.get(), record.offset());
    }

    /** Whether every one of {@code inputs} has handed over its part of every batch up to {@code batch}. */
    boolean complete(long batch, Set<TopicPartition> inputs) {
        for (TopicPartition tp : inputs) {
            if (coveredUpTo.getOrDefault(tp, reduced) < batch) {
                return false;
            }
        }
        return true;
    }

    /** The input partitions that have not handed over batch {@code batch} yet. */
    List<TopicPartition> missing(long batch, Set<TopicPartition> inputs) {
        return inputs.stream().filter(tp -> coveredUpTo.getOrDefault(tp, reduced) < batch).toList();
    }

    /**
     * Takes the chunks of every batch up to {@code batch} (a late one of an earlier batch too), by the
     * batch that sent them: they are reduced now.
     */
    NavigableMap<Long, List<byte[]>> reduce(long batch) {
        NavigableMap<Long, List<byte[]>> due = chunks.headMap(batch, true);
        var taken = new TreeMap<>(due);
        due.clear();
        firstOffsets.headMap(batch, true).clear();
        reduced = Math.max(reduced, batch);
        return taken;
    }

    /** Where the next owner goes on from once the batches up to {@link #reduced} are committed. */
    long commitOffset() {
        return firstOffsets.isEmpty() ? position : Math.min(position, firstOffsets.firstEntry().getValue());
    }
}
