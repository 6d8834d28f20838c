package dev.sluice.source.kafka.internal;

import dev.sluice.api.Time;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The map side of the keyed stages that read other keyed stages' output (one stage in a chain, both
 * sides of a join of two keyed stages, or several stages reading the same ones): their upstream
 * partitions are the key partitions of the upstream stages' repartition topics, as an input's are
 * the input topic's. Batch T's part is one transaction: every reader's chunks, a marker on every
 * key partition of every reader naming the upstream key partitions this member reduced in T, and
 * those partitions' offsets as T's reduce left them (what the output commits for the last stage);
 * so an upstream's progress is committed once, with every reader's part. An upstream key partition
 * this member goes on with from the group's committed progress (given to it, or read again after a
 * refused commit) is first marked handed over up to the batch before, as {@link HandOvers} marks an
 * input partition: batches its former owner never handed over are empty here, and its records go
 * into this member's next one.
 */
final class ChainedHandOver {

    private static final Logger LOG = LoggerFactory.getLogger(ChainedHandOver.class);

    private final String group;
    /** The readers' repartition topics, with their partition counts. */
    private final Map<String, Integer> readers;
    /** The upstream stages' repartition topics. */
    private final List<String> upstreams;
    private final MapSideWriter writer;
    private final ReduceSideReader reader;
    private final PartitionOwnership ownership;
    private final Consumer<String> status;
    /** The upstream key partitions owned at the last plan and marked handed over since they were given. */
    private Set<TopicPartition> marked = Set.of();
    /**
     * Per marked upstream key partition, the first batch that may take it: the batch planned after
     * it was marked handed over up to the one before. A batch planned earlier and still running
     * leaves it alone, since the readers' reduce sides may have gone past that batch on the marker.
     */
    private final Map<TopicPartition, Long> takenFrom = new ConcurrentHashMap<>();

    ChainedHandOver(String group, Map<String, Integer> readers, List<String> upstreams, MapSideWriter writer,
                    ReduceSideReader reader, PartitionOwnership ownership, Consumer<String> status) {
        this.group = group;
        this.readers = Map.copyOf(readers);
        this.upstreams = List.copyOf(upstreams);
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

    /**
     * Batch {@code batch}'s part: {@code chunks} of the readers (per repartition topic) with the
     * upstream key partitions this member reduced in it.
     */
    void send(long batch, Map<String, List<List<byte[]>>> chunks) {
        var offsets = new HashMap<TopicPartition, OffsetAndMetadata>();
        var handed = new ArrayList<String>();
        for (String upstream : upstreams) {
            reader.reducedIn(upstream, batch).ifPresent(reduced -> {
                offsets.putAll(reduced);
                handed.add(upstream);
            });
        }
        if (handed.size() < upstreams.size()) {
            LOG.info("Batch {} took keys of {} before group {} refused an earlier hand-over of them; they are reduced"
                    + " again, so its part is not handed over", new Time(batch), upstreams, group);
            if (!handed.isEmpty()) {
                // what it took of the other upstreams is read again too, to go on with a later part
                handed.forEach(u -> reader.refusedDownstream(u, batch));
                unmark();
            }
            return;
        }
        if (offsets.isEmpty() && chunks.values().stream().allMatch(c -> c.stream().allMatch(List::isEmpty))) {
            return;
        }
        // an upstream stage keeping state has its changes written with its key partitions' offsets
        var changes = new ArrayList<ProducerRecord<byte[], byte[]>>();
        upstreams.forEach(u -> changes.addAll(reader.changesWith(u, batch, offsets.keySet())));
        try {
            writer.write(chunks, batch, readers, batch, offsets.keySet(), offsets, ownership.groupMetadata(),
                    ownership, changes);
            upstreams.forEach(u -> reader.changesCommitted(u, batch));
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

    /**
     * The part of batch {@code batch} is not known handed over: every upstream's key partitions go
     * back to the committed progress.
     */
    private void readAgain(long batch) {
        upstreams.forEach(u -> reader.refusedDownstream(u, batch));
        unmark();
    }

    /** Every upstream key partition is marked again, and taken again only by batches planned after that. */
    private synchronized void unmark() {
        marked = Set.of();
        takenFrom.clear();
    }

    /** Whether batch {@code batch} may take the upstream key partition {@code partition} ({@link #takenFrom}). */
    boolean mayTake(TopicPartition partition, long batch) {
        Long from = takenFrom.get(partition);
        return from != null && from <= batch;
    }

    /**
     * Before batch {@code batch} is planned: marks the upstream key partitions given to this member
     * since the last plan handed over up to the batch before, so that no reduce side of the readers
     * waits for batches their former owner left unwritten; tried again at the next plan if it fails.
     */
    synchronized void markTaken(long batch) {
        var owned = new HashSet<TopicPartition>();
        upstreams.forEach(u -> owned.addAll(ownership.ownedOf(u)));
        var taken = new HashSet<>(owned);
        taken.removeAll(marked);
        if (!taken.isEmpty()) {
            try {
                writer.write(Map.of(), batch - 1, readers, batch - 1, taken, Map.of(), ownership.groupMetadata(),
                        ownership);
            } catch (RuntimeException e) {
                status.accept("marking " + PartitionOwnership.sorted(taken) + " handed over to " + readers.keySet()
                        + " failed (" + e.getMessage() + "); the next batch tries again");
                var kept = new HashSet<>(marked);
                kept.retainAll(owned);
                marked = Set.copyOf(kept);
                takenFrom.keySet().retainAll(kept);
                return;
            }
        }
        marked = Set.copyOf(owned);
        takenFrom.keySet().retainAll(owned);
        taken.forEach(tp -> takenFrom.put(tp, batch));
    }
}
