package dev.sluice.source.kafka.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The input's side of a key exchange in one member: which input partitions each batch covered and
 * where each stands after it (what the map side hands over and commits), and the partitions this
 * member goes on with from the group's committed progress, which are marked handed over up to the
 * batch before they are read. Called under the source's lock.
 */
final class HandOvers {

    private final GroupExchange exchange;
    private final Consumer<String> status;
    /** Input partitions to mark handed over before a batch reads them, with the group's progress of each. */
    private final Map<TopicPartition, ExchangeProgress> toCover = new HashMap<>();
    private final NavigableMap<Long, Map<TopicPartition, Long>> covered = new TreeMap<>();
    private volatile Set<TopicPartition> allPartitions = Set.of();

    HandOvers(GroupExchange exchange, Consumer<String> status) {
        this.exchange = exchange;
        this.status = status;
    }

    /** This member goes on with {@code partition} from the group's {@code progress}. */
    void goOnFrom(TopicPartition partition, ExchangeProgress progress) {
        toCover.put(partition, progress);
    }

    /**
     * Of {@code owned}, the partitions batch {@code batch} may read: those this member goes on with
     * are first marked handed over up to the batch before; one whose former owner handed over batch
     * {@code batch} or later waits until this member's batches pass it.
     */
    Set<TopicPartition> readable(Set<TopicPartition> owned, long batch) {
        toCover.keySet().retainAll(owned);
        var held = new HashSet<TopicPartition>();
        var cover = new HashMap<TopicPartition, ExchangeProgress>();
        toCover.forEach((tp, progress) -> {
            if (progress.upTo() >= batch) {
                held.add(tp);
            } else {
                cover.put(tp, progress);
            }
        });
        if (!cover.isEmpty()) {
            try {
                exchange.cover(cover, batch - 1);
                toCover.keySet().removeAll(cover.keySet());
            } catch (RuntimeException e) {
                // tried again by the next batch; until then no batch reads them
                held.addAll(cover.keySet());
                status.accept("marking " + PartitionOwnership.sorted(cover.keySet()) + " handed over failed ("
                        + e.getMessage() + "); the next batch tries again");
            }
        }
        var readable = new HashSet<>(owned);
        readable.removeAll(held);
        return readable;
    }

    /** Batch {@code batch} covers {@code plan}'s partitions, each standing after it where its range ends. */
    void planned(long batch, RangePlanner.Plan plan) {
        var ends = new HashMap<>(plan.positions());
        plan.ranges().forEach(r -> ends.put(r.partition(), r.until()));
        covered.put(batch, ends);
        allPartitions = plan.all();
    }

    /**
     * The input partitions batch {@code batch} covered and where each stands after it; none if it
     * planned none. Kept until a later batch is handed over, not until the batch completes: a windowed
     * stage hands a slide's batches over when the slide's job runs, after the batches before it completed.
     */
    Map<TopicPartition, Long> partOf(long batch) {
        covered.headMap(batch, false).clear();
        return covered.getOrDefault(batch, Map.of());
    }

    /** Every partition of the input topics as of the last plan: the reduce side waits for each. */
    Set<TopicPartition> allPartitions() {
        return allPartitions;
    }

}
