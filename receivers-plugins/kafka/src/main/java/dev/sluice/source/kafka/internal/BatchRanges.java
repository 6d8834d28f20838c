package dev.sluice.source.kafka.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * A Kafka stream's progress: the offset each partition goes on from, and the ranges each recent
 * batch read, so that a batch computed again after a crash reads exactly the same records. It is
 * what the runtime keeps in the stream's checkpoints, as a versioned binary form.
 */
final class BatchRanges {

    private static final int FORMAT = 0x534B5231; // "SKR1"

    /** The next offset to read per partition. */
    private final Map<TopicPartition, Long> next;
    /** Whether a batch has reached the cluster: from then on, new partitions begin at their earliest offset. */
    private boolean started;
    /** Batch time in ms to the ranges that batch read (empty for a batch that read nothing). */
    private final NavigableMap<Long, List<OffsetRange>> batches;

    BatchRanges() {
        this(false, new HashMap<>(), new TreeMap<>());
    }

    private BatchRanges(boolean started, Map<TopicPartition, Long> next,
                        NavigableMap<Long, List<OffsetRange>> batches) {
        this.started = started;
        this.next = next;
        this.batches = batches;
    }

    boolean started() {
        return started;
    }

    Map<TopicPartition, Long> next() {
        return Map.copyOf(next);
    }

    /** The ranges batch {@code time} read, if it was polled before (then it must read them again). */
    List<OffsetRange> rangesOf(long time) {
        return batches.get(time);
    }

    /** Batch {@code time} reads {@code ranges}; each partition goes on from where its range ends. */
    void add(long time, List<OffsetRange> ranges, Map<TopicPartition, Long> positions) {
        batches.put(time, List.copyOf(ranges));
        started = true;
        next.putAll(positions);
        ranges.forEach(r -> next.put(r.partition(), r.until()));
    }

    /** Batch {@code time} reads nothing, the cluster being out of reach: the next batch takes what it would have. */
    void addUnreached(long time) {
        batches.put(time, List.of());
    }

    /** Where each partition stands once batch {@code time} is done: for committing to the group. */
    Map<TopicPartition, Long> endsUpTo(long time) {
        var ends = new HashMap<TopicPartition, Long>();
        batches.headMap(time, true).values().forEach(rs -> rs.forEach(r -> ends.merge(r.partition(), r.until(),
                Math::max)));
        return ends;
    }

    /** A member of a shared stream is given {@code partition}: it goes on from {@code offset}, or as new when negative. */
    void startAt(TopicPartition partition, long offset) {
        if (offset < 0) {
            next.remove(partition);
        } else {
            next.put(partition, offset);
        }
    }

    /** A member of a shared stream gives {@code partitions} up: whoever owns them next goes on from the group's offsets. */
    void dropPositions(Set<TopicPartition> partitions) {
        next.keySet().removeAll(partitions);
    }

    /** The time of the last batch planned, if any is remembered. */
    OptionalLong lastPlanned() {
        return batches.isEmpty() ? OptionalLong.empty() : OptionalLong.of(batches.lastKey());
    }

    /** The partitions the batches after {@code time} read. */
    Set<TopicPartition> readAfter(long time) {
        var read = new HashSet<TopicPartition>();
        batches.tailMap(time, false).values().forEach(rs -> rs.forEach(r -> read.add(r.partition())));
        return read;
    }

    /** Drops the ranges of the batches at or before {@code time}: no recovery reads them again. */
    void forgetUpTo(long time) {
        batches.headMap(time, true).clear();
    }

    int remembered() {
        return batches.size();
    }

    byte[] encode() {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeBoolean(started);
            out.writeInt(next.size());
            for (var e : next.entrySet()) {
                writePartition(out, e.getKey());
                out.writeLong(e.getValue());
            }
            out.writeInt(batches.size());
            for (var e : batches.entrySet()) {
                out.writeLong(e.getKey());
                out.writeInt(e.getValue().size());
                for (OffsetRange r : e.getValue()) {
                    writePartition(out, r.partition());
                    out.writeLong(r.from());
                    out.writeLong(r.until());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static BatchRanges decode(byte[] bytes) throws IOException {
        try (var in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IOException("not a Kafka stream's progress (format " + Integer.toHexString(format)
                        + ", expected " + Integer.toHexString(FORMAT) + ")");
            }
            boolean started = in.readBoolean();
            var next = new HashMap<TopicPartition, Long>();
            for (int i = in.readInt(); i > 0; i--) {
                next.put(readPartition(in), in.readLong());
            }
            var batches = new TreeMap<Long, List<OffsetRange>>();
            for (int i = in.readInt(); i > 0; i--) {
                long time = in.readLong();
                var ranges = new ArrayList<OffsetRange>();
                for (int j = in.readInt(); j > 0; j--) {
                    ranges.add(new OffsetRange(readPartition(in), in.readLong(), in.readLong()));
                }
                batches.put(time, List.copyOf(ranges));
            }
            return new BatchRanges(started, next, batches);
        }
    }

    private static void writePartition(DataOutputStream out, TopicPartition partition) throws IOException {
        out.writeUTF(partition.topic());
        out.writeInt(partition.partition());
    }

    private static TopicPartition readPartition(DataInputStream in) throws IOException {
        return new TopicPartition(in.readUTF(), in.readInt());
    }
}
