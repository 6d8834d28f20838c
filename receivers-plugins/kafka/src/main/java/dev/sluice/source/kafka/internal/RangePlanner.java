package dev.sluice.source.kafka.internal;

import dev.sluice.api.SluiceException;
import dev.sluice.api.spi.BatchSourceContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Decides, on the scheduler's thread, which offsets a new batch reads from each partition: from
 * where the previous batch stopped to the partition's end as of now (for {@code read_committed},
 * its last stable offset), at most {@code cap} records. Asks the cluster only for metadata.
 */
final class RangePlanner {

    /**
     * A new batch's ranges, the offset every partition it saw stands at before them, and how many
     * records those partitions held from there to their end.
     */
    record Plan(List<OffsetRange> ranges, Map<TopicPartition, Long> positions, long waiting,
                Set<TopicPartition> all) {

        /** The records left behind the end of the partitions once this batch has taken its ranges. */
        long lag() {
            return waiting - ranges.stream().mapToLong(OffsetRange::size).sum();
        }
    }

    private final KafkaSourceSettings settings;
    private final Consumer<byte[], byte[]> metadata;
    private final BatchSourceContext context;
    private final Duration timeout;
    private final Set<String> reportedMissing = new HashSet<>();

    RangePlanner(KafkaSourceSettings settings, Consumer<byte[], byte[]> metadata, BatchSourceContext context,
                 Duration timeout) {
        this.settings = settings;
        this.metadata = metadata;
        this.context = context;
        this.timeout = timeout;
    }

    /**
     * The next batch's ranges: at most {@code cap} records from each partition and, if given, at
     * most {@code total} over all of them, shared in proportion to what each partition has waiting
     * (at least one record from each that has any, so none is starved).
     */
    Plan plan(BatchRanges progress, long cap, OptionalLong total) {
        return plan(progress, cap, total, Optional.empty());
    }

    /**
     * With {@code owned}, plans only those partitions (a member's part of a shared stream); one it
     * has no position for begins where the group's committed offset, or else the starting offsets, say.
     */
    Plan plan(BatchRanges progress, long cap, OptionalLong total, Optional<Set<TopicPartition>> owned) {
        Set<TopicPartition> all = Set.copyOf(partitions());
        Set<TopicPartition> partitions = new TreeSet<>(Comparator.comparing(TopicPartition::topic)
                .thenComparingInt(TopicPartition::partition));
        partitions.addAll(all);
        owned.ifPresent(partitions::retainAll);
        // assigned (never polled) so that the offsets asked for below are of partitions it follows
        metadata.assign(partitions);
        Map<TopicPartition, Long> begin = metadata.beginningOffsets(partitions, timeout);
        Map<TopicPartition, Long> end = metadata.endOffsets(partitions, timeout);
        Map<TopicPartition, Long> next = progress.next();
        Set<TopicPartition> fresh = new HashSet<>();
        for (TopicPartition tp : partitions) {
            if (!next.containsKey(tp) && (!progress.started() || owned.isPresent())) {
                fresh.add(tp);
            }
        }
        Map<TopicPartition, Long> initial = fresh.isEmpty() ? Map.of() : initialOffsets(fresh, begin, end);
        var ranges = new ArrayList<OffsetRange>();
        var positions = new HashMap<TopicPartition, Long>();
        long waiting = 0;
        for (TopicPartition tp : partitions) {
            long from = next.containsKey(tp) ? next.get(tp) : initial.getOrDefault(tp, begin.get(tp));
            from = inRange(tp, from, begin.get(tp), end.get(tp));
            long until = end.get(tp) - from > cap ? from + cap : end.get(tp);
            positions.put(tp, from);
            waiting += end.get(tp) - from;
            if (until > from) {
                ranges.add(new OffsetRange(tp, from, until));
            }
        }
        return new Plan(total.isPresent() ? share(ranges, total.getAsLong()) : ranges, positions, waiting, all);
    }

    private static List<OffsetRange> share(List<OffsetRange> ranges, long total) {
        long waiting = ranges.stream().mapToLong(OffsetRange::size).sum();
        if (waiting <= total) {
            return ranges;
        }
        var shared = new ArrayList<OffsetRange>();
        for (OffsetRange r : ranges) {
            long share = Math.max(1, (long) ((double) total * r.size() / waiting));
            shared.add(new OffsetRange(r.partition(), r.from(), r.from() + Math.min(share, r.size())));
        }
        return shared;
    }

    /** The partitions of the listed topics that exist, or of every topic matching the pattern. */
    private Set<TopicPartition> partitions() {
        Map<String, List<PartitionInfo>> topics = metadata.listTopics(timeout);
        var partitions = new TreeSet<TopicPartition>((a, b) -> a.topic().equals(b.topic())
                ? Integer.compare(a.partition(), b.partition()) : a.topic().compareTo(b.topic()));
        if (settings.topicPattern().isPresent()) {
            topics.forEach((topic, infos) -> {
                if (!topic.startsWith("__") && settings.topicPattern().get().matcher(topic).matches()) {
                    infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
                }
            });
            return partitions;
        }
        for (String topic : settings.topics()) {
            List<PartitionInfo> infos = topics.get(topic);
            if (infos == null) {
                if (reportedMissing.add(topic)) {
                    context.reportError("topic '" + topic + "' does not exist on " + bootstrap() + "; this stream"
                            + " reads it once it is created (create it, or correct topics=)", null);
                }
                continue;
            }
            reportedMissing.remove(topic);
            infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
        }
        return partitions;
    }

    private Map<TopicPartition, Long> initialOffsets(Set<TopicPartition> partitions, Map<TopicPartition, Long> begin,
                                                     Map<TopicPartition, Long> end) {
        StartingOffsets starting = settings.startingOffsets();
        if (starting instanceof StartingOffsets.Earliest) {
            return begin;
        }
        if (starting instanceof StartingOffsets.Latest) {
            return end;
        }
        if (starting instanceof StartingOffsets.Given given) {
            return given.offsets();
        }
        long millis = ((StartingOffsets.FromTimestamp) starting).millis();
        var query = new HashMap<TopicPartition, Long>();
        partitions.forEach(tp -> query.put(tp, millis));
        Map<TopicPartition, OffsetAndTimestamp> offsets = metadata.offsetsForTimes(query, timeout);
        var found = new HashMap<TopicPartition, Long>();
        partitions.forEach(tp -> {
            OffsetAndTimestamp at = offsets.get(tp);
            found.put(tp, at == null ? end.get(tp) : at.offset());
        });
        return found;
    }

    /** Applies the out-of-range policy to an offset that is no longer, or not yet, in the partition. */
    private long inRange(TopicPartition tp, long from, long begin, long end) {
        if (from >= begin && from <= end) {
            return from;
        }
        String problem = "partition " + tp + ": offset " + from + " is out of range, the partition holds [" + begin
                + ", " + end + ")" + (from < begin ? " (records before " + begin + " were deleted by retention)"
                : " (the topic was recreated or truncated)");
        return switch (settings.outOfRange()) {
            case FAIL -> throw new SluiceException(problem + "; set onOffsetOutOfRange=earliest or latest to go on");
            case EARLIEST -> {
                context.reportError(problem + "; going on from " + begin + " (onOffsetOutOfRange=earliest)", null);
                yield begin;
            }
            case LATEST -> {
                context.reportError(problem + "; going on from " + end + " (onOffsetOutOfRange=latest)", null);
                yield end;
            }
        };
    }

    String bootstrap() {
        return String.valueOf(settings.clientProperties().get("bootstrap.servers"));
    }
}
