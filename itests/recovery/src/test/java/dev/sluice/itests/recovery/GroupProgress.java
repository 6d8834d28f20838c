package dev.sluice.itests.recovery;

import dev.sluice.kafka.testkit.KafkaBroker;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/** How far a group's keyed stages have got, as the offsets it committed on the broker say. */
final class GroupProgress {

    private GroupProgress() {
    }

    /**
     * The last batch every key partition of group {@code group} ({@code partitions} of them) has been
     * reduced up to, as the group's committed metadata says.
     */
    static long reducedUpTo(KafkaBroker broker, String group, int partitions) {
        var reduced = keyPartitions(broker, group).values();
        if (reduced.size() < partitions) {
            return Long.MIN_VALUE;
        }
        return reduced.stream().mapToLong(m -> Long.parseLong(m.substring(0, m.indexOf(':')))).min().orElseThrow();
    }

    /** Each key partition's committed metadata: the last batch reduced from it, and the position read to. */
    static Map<TopicPartition, String> keyPartitions(KafkaBroker broker, String group) {
        try {
            var progress = new TreeMap<TopicPartition, String>(Comparator.comparing(TopicPartition::topic)
                    .thenComparingInt(TopicPartition::partition));
            broker.committed("sluice-" + group).forEach((tp, o) -> {
                if (tp.topic().startsWith("sluice-" + group + "-repartition-")) {
                    progress.put(tp, o.metadata());
                }
            });
            return progress;
        } catch (Exception e) {
            throw new AssertionError("the group's committed offsets cannot be read", e);
        }
    }
}
