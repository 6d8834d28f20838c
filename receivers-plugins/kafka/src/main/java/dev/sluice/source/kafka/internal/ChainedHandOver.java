package dev.sluice.source.kafka.internal;

import dev.sluice.api.Time;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The map side of a keyed stage that reads another keyed stage's output: its upstream partitions are
 * the key partitions of the upstream stage's repartition topic, as an input's are the input topic's.
 * Batch T's part is one transaction: the chunks, a marker on every key partition naming the upstream
 * key partitions this member reduced in T, and those partitions' offsets as T's reduce left them
 * (what the output commits for the last stage). An upstream key partition this member goes on with
 * from the group's committed progress (given to it, or read again after a refused commit) is first
 * marked handed over up to the batch before, as {@link HandOvers} marks an input partition: batches
 * its former owner never handed over are empty here, and its records go into this member's next one.
 */
final class ChainedHandOver {

    private static final Logger LOG = LoggerFactory.getLogger(ChainedHandOver.class);

    private final String group;
    private final String topic;
    private final int partitions;
    private final String upstream;
    private final MapSideWriter writer;
    private final ReduceSideReader reader;
    private final PartitionOwnership ownership;
    private final Consumer<String> status;
    /** The upstream key partitions owned at the last plan and marked handed over since they were given. */
    private Set<TopicPartition> marked = Set.of();

    ChainedHandOver(String group, String topic, int partitions, String upstream, MapSideWriter writer,
                    ReduceSideReader reader, PartitionOwnership ownership, Consumer<String> status) {
        this.group = group;
        this.topic = topic;
        this.partitions = partitions;
        this.upstream = upstream;
        this.writer = writer;
        this.reader = reader;
        this.ownership = ownership;
        this.status = status;
    }

    /** Every partition of the upstream repartition topic ({@code upstreamPartitions} of them): each hands every batch over. */
    static Set<TopicPartition> all(String upstream, int upstreamPartitions) {
        var all = new HashSet<TopicPartition>();
        for (int p = 0; p < upstreamPartitions; p++) {
            all.add(new TopicPartition(upstream, p));
        }
        return Set.copyOf(all);
    }

    /** Batch {@code batch}'s part: {@code chunks} with the upstream key partitions this member reduced in it. */
    void send(long batch, List<List<byte[]>> chunks) {
        Optional<Map<TopicPartition, OffsetAndMetadata>> reduced = reader.reducedIn(upstream, batch);
        if (reduced.isEmpty()) {
            LOG.info("Batch {} took keys of {} before group {} refused an earlier hand-over of them; they are reduced"
                    + " again, so its part is not handed over", new Time(batch), upstream, group);
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = reduced.get();
        if (offsets.isEmpty() && chunks.stream().allMatch(List::isEmpty)) {
            return;
        }
        try {
            writer.write(Map.of(topic, chunks), batch, Map.of(topic, partitions), batch, offsets.keySet(), offsets,
                    ownership.groupMetadata(), ownership);
        } catch (MapSideWriter.RefusedException e) {
            LOG.warn("Batch {}: group {} refused the offsets of {} ({}); this part was aborted and they are reduced"
                    + " again", new Time(batch), group, PartitionOwnership.sorted(offsets.keySet()),
                    e.getCause().toString());
            readAgain(batch);
        } catch (MapSideWriter.UndecidedException e) {
            LOG.error("{}: the key partitions {} are reduced again from the offsets the group has committed, which"
                    + " hold this part's if Kafka committed it", e.getMessage(), PartitionOwnership.sorted(offsets.keySet()));
            readAgain(batch);
        }
    }

    /** The part of batch {@code batch} is not known handed over: the upstream key partitions go back to the committed progress. */
    private void readAgain(long batch) {
        reader.refusedDownstream(upstream, batch);
        synchronized (this) {
            marked = Set.of();
        }
    }

    /**
     * Before batch {@code batch} is planned: marks the upstream key partitions given to this member
     * since the last plan handed over up to the batch before, so that no reduce side of this stage
     * waits for batches their former owner left unwritten; tried again at the next plan if it fails.
     */
    synchronized void markTaken(long batch) {
        Set<TopicPartition> owned = ownership.ownedOf(upstream);
        var taken = new HashSet<>(owned);
        taken.removeAll(marked);
        if (!taken.isEmpty()) {
            try {
                writer.write(Map.of(), batch - 1, Map.of(topic, partitions), batch - 1, taken, Map.of(),
                        ownership.groupMetadata(), ownership);
            } catch (RuntimeException e) {
                status.accept("marking " + PartitionOwnership.sorted(taken) + " handed over to " + topic + " failed ("
                        + e.getMessage() + "); the next batch tries again");
                var kept = new HashSet<>(marked);
                kept.retainAll(owned);
                marked = Set.copyOf(kept);
                return;
            }
        }
        marked = Set.copyOf(owned);
    }
}
