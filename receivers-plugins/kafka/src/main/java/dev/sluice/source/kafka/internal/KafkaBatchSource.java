package dev.sluice.source.kafka.internal;

import dev.sluice.kafka.GroupInputs;
import dev.sluice.kafka.KafkaCalls;
import dev.sluice.api.Time;
import dev.sluice.api.kafka.KafkaRecord;
import dev.sluice.api.spi.BatchSource;
import dev.sluice.api.spi.BatchSourceContext;
import dev.sluice.api.spi.InputSplit;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A direct Kafka stream: no receiver, nothing read between batches. Each poll takes an offset range
 * per partition (from where the last batch stopped to the end as of now, capped by the rate) and
 * hands the ranges to the workers as splits. The ranges of recent batches are the stream's progress,
 * kept in its checkpoints: a batch computed again after a crash reads exactly the same records.
 * Offsets are committed to the consumer group once a batch's outputs are done, for Kafka's tools
 * only; recovery goes by the checkpoint.
 *
 * <p>In a group that shares the stream ({@link GroupShare}), each member's batches read only the
 * partitions the group assigns it ({@link PartitionOwnership}), and the progress is the group's
 * committed offsets, which the output's transactions move ({@link GroupInputs}): nothing is kept
 * in checkpoints, and a partition a member is given goes on from its committed offset.
 *
 * <p>When the shared stream has keyed stages, the source also starts the group's key exchange
 * ({@link GroupExchange}): each batch's part is handed over to the repartition topics with the
 * offsets it read; a partition this member goes on with from the group's committed progress (given
 * to it, or read again after a refused commit) is first marked handed over up to the batch before,
 * so that no reduce side waits for batches its former owner never wrote.
 */
final class KafkaBatchSource<K, V> implements BatchSource<KafkaRecord<K, V>>, PartitionOwnership.Handover,
        GroupInputs.Taken, GroupExchange.Input {

    /** How long a member giving partitions up waits for the batches reading them to be written. */
    private static final Duration HANDOVER_TIMEOUT = Duration.ofSeconds(30);

    /** A group's first commit may wait for the cluster to create its offsets topic. */
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(5);

    private final KafkaSourceSettings settings;
    private final Optional<GroupShare> share;
    private PartitionOwnership ownership;
    private boolean stopped;
    /** Batches at or before this were planned before the group refused a commit: they write nothing. */
    private long voidUpTo = Long.MIN_VALUE;
    /** The next plan goes back to the group's committed offsets first. */
    private boolean rewind;
    private BatchSourceContext context;
    private Consumer<byte[], byte[]> metadata;
    private RangePlanner planner;
    private ConsumerPool pool;
    private RecordDecoder<K, V> decoder;
    private BatchRanges ranges = new BatchRanges();
    /** Recovery needs no batch at or before this; nor does anything once the batch is completed. */
    private long horizon = Long.MAX_VALUE;
    private long lastCompleted = Long.MIN_VALUE;
    private Map<TopicPartition, Long> committed = Map.of();
    private boolean unreachable;
    /** The group's key exchange; null when the stream has no keyed stage or is not shared. */
    private GroupExchange exchange;
    private HandOvers handOvers;

    KafkaBatchSource(KafkaSourceSettings settings) {
        this(settings, Optional.empty());
    }

    KafkaBatchSource(KafkaSourceSettings settings, Optional<GroupShare> share) {
        this.settings = settings;
        this.share = share;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized void start(BatchSourceContext context) {
        this.context = context;
        metadata = KafkaCalls.withKafkaLoader(() -> new KafkaConsumer<>(settings.clientProperties(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer()));
        // metadata calls run on the scheduler's thread: an unreachable cluster may hold a batch up
        // by at most about one interval before that batch goes on without it
        Duration timeout = context.batchInterval().compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : context.batchInterval();
        planner = new RangePlanner(settings, metadata, context, timeout);
        pool = new ConsumerPool(settings.clientProperties());
        decoder = new RecordDecoder<>((Deserializer<K>) settings.keyDeserializer(),
                (Deserializer<V>) settings.valueDeserializer(), settings.skipUndeserializable(), context);
        context.reportStatus("reading " + settings.subscription() + " from " + planner.bootstrap());
        if (share.isPresent()) {
            String group = share.get().group();
            if (!share.get().shuffles().isEmpty()) {
                exchange = GroupExchange.create(group, share.get().shuffles(), share.get().stateShuffles(),
                        share.get().chained(), share.get().snapshots(), settings);
            }
            ownership = new PartitionOwnership(group, settings, share.get().sessionTimeout(), this,
                    exchange == null ? Set.of() : exchange.topics());
            if (exchange != null) {
                handOvers = new HandOvers(exchange, context::reportStatus);
                exchange.start(this, ownership, settings.clientProperties(), handOvers::allPartitions,
                        context::reportStatus);
            }
            // with keyed stages the output commits what the reduce side consumed; the map side, the input
            GroupInputs.register(group, exchange == null ? this : exchange.reduceSide());
        }
    }

    @Override
    public synchronized List<InputSplit<KafkaRecord<K, V>>> poll(Time batchTime) {
        List<OffsetRange> taken = rangesOf(batchTime);
        context.reportRecords(batchTime, taken.stream().mapToLong(OffsetRange::size).sum());
        return taken.stream().<InputSplit<KafkaRecord<K, V>>>map(r -> new RangeSplit<>(r, pool, decoder,
                settings.outOfRange(), settings.pollTimeout())).toList();
    }

    /** The offset ranges batch {@code batchTime} reads: planned at its first poll, the same at any later one. */
    synchronized List<OffsetRange> rangesOf(Time batchTime) {
        List<OffsetRange> taken = ranges.rangesOf(batchTime.millis());
        return taken != null ? taken : plan(batchTime);
    }

    private List<OffsetRange> plan(Time batchTime) {
        RangePlanner.Plan plan;
        Optional<Set<TopicPartition>> owned = Optional.empty();
        if (exchange != null) {
            exchange.markTakenKeyPartitions(batchTime.millis());
        }
        if (ownership != null) {
            try {
                owned = Optional.of(OwnedStarts.apply(ownership, handOvers, ranges, rewind));
                rewind = false;
            } catch (KafkaException e) {
                context.reportStatus("waiting for the committed offsets of group " + ownership.groupId()
                        + " (" + e.getMessage() + ")");
                return List.of();
            }
            if (handOvers != null) {
                owned = Optional.of(handOvers.readable(owned.get(), batchTime.millis()));
            }
        }
        try {
            plan = planner.plan(ranges, settings.maxRecordsPerPartition(context.batchInterval()), backpressure(),
                    owned);
        } catch (TimeoutException e) {
            // nothing is taken, so the next batch that reaches the cluster reads what this one would have
            ranges.addUnreached(batchTime.millis());
            // the batch hands nothing over: the partitions are marked handed over once Kafka answers again
            rewind |= exchange != null;
            if (!unreachable) {
                context.reportError("cannot reach Kafka at " + planner.bootstrap() + " (" + e.getMessage()
                        + "); batches read nothing until it answers, then go on from where they stopped", e);
            }
            unreachable = true;
            context.reportStatus("waiting for Kafka at " + planner.bootstrap() + ", retrying every batch");
            return List.of();
        }
        ranges.add(batchTime.millis(), plan.ranges(), plan.positions());
        if (handOvers != null) {
            handOvers.planned(batchTime.millis(), plan);
        }
        if (unreachable) {
            context.reportError("Kafka at " + planner.bootstrap() + " answers again", null);
            unreachable = false;
        }
        context.reportLag(plan.lag());
        long records = plan.ranges().stream().mapToLong(OffsetRange::size).sum();
        context.reportStatus(records + " records from " + plan.ranges().size() + " of " + plan.positions().size()
                + " partitions in batch " + batchTime + (decoder.skipped() > 0 ? ", " + decoder.skipped()
                + " undeserializable records skipped" : "") + owned.map(o -> "; owns " + PartitionOwnership.sorted(o)
                + " in group " + ownership.groupId()).orElse(""));
        return plan.ranges();
    }

    @Override
    public synchronized Optional<Map<TopicPartition, Long>> handedOver(long batch) {
        if (batch <= voidUpTo) {
            return Optional.empty();
        }
        return Optional.of(handOvers.partOf(batch));
    }

    /** With backpressure, the most records a batch may take: the rate the runtime sets times the interval. */
    private OptionalLong backpressure() {
        OptionalDouble rate = context.maxRate();
        return rate.isPresent()
                ? OptionalLong.of(Math.max(1, (long) (rate.getAsDouble() * context.batchInterval().toMillis() / 1000)))
                : OptionalLong.empty();
    }

    /** Commits the batch's offsets to the group, so that Kafka's tools show how far the stream has got. */
    @Override
    public synchronized void batchCompleted(Time batchTime) {
        lastCompleted = Math.max(lastCompleted, batchTime.millis());
        // while the cluster is out of reach a commit would only hold the scheduler up: the next one
        // commits everything done by then
        notifyAll(); // a handover waits for the batches reading its partitions
        if (settings.commitOffsets() && !unreachable && ownership == null) {
            var offsets = new HashMap<TopicPartition, OffsetAndMetadata>();
            ranges.endsUpTo(batchTime.millis()).forEach((tp, end) -> {
                if (!end.equals(committed.get(tp))) {
                    offsets.put(tp, new OffsetAndMetadata(end));
                }
            });
            if (!offsets.isEmpty()) {
                try {
                    metadata.commitSync(offsets, COMMIT_TIMEOUT);
                    var now = new HashMap<>(committed);
                    offsets.forEach((tp, o) -> now.put(tp, o.offset()));
                    committed = now;
                } catch (KafkaException e) {
                    context.reportError("committing the offsets of batch " + batchTime + " to group "
                            + settings.clientProperties().get("group.id") + " failed (" + e.getMessage()
                            + "); the stream goes on, only Kafka's view of its lag is behind", e);
                }
            }
        }
        ranges.forgetUpTo(Math.min(horizon, lastCompleted));

    }

    @Override
    public synchronized void forget(Time horizon) {
        this.horizon = horizon.millis();
        ranges.forgetUpTo(Math.min(this.horizon, lastCompleted));
    }

    /** In a shared stream none: the group's committed offsets are the progress. */
    @Override
    public synchronized byte[] progress() {
        return ownership != null ? null : ranges.encode();
    }

    @Override
    public synchronized void restore(byte[] progress) throws IOException {
        if (ownership == null) {
            ranges = BatchRanges.decode(progress);
        }
    }

    /** The group's key exchange this source started; null without keyed stages. */
    GroupExchange exchange() {
        return exchange;
    }

    /** In a shared stream, the partitions this member owns now. */
    Set<TopicPartition> owned() {
        return ownership == null ? Set.of() : ownership.owned();
    }

    @Override
    public ConsumerGroupMetadata groupMetadata() {
        return ownership.groupMetadata();
    }

    @Override
    public void whileOwning(Set<TopicPartition> partitions, Runnable commit) {
        ownership.whileOwning(partitions, commit);
    }


    @Override
    public synchronized Optional<Map<TopicPartition, OffsetAndMetadata>> offsetsAfter(long batchTime) {
        if (batchTime <= voidUpTo) {
            return Optional.empty();
        }
        var offsets = new HashMap<TopicPartition, OffsetAndMetadata>();
        List<OffsetRange> read = ranges.rangesOf(batchTime);
        if (read != null) {
            read.forEach(r -> offsets.put(r.partition(), new OffsetAndMetadata(r.until())));
        }
        return Optional.of(offsets);
    }

    /** Batches planned until now read on from the refused one: void them, and go back to the committed offsets. */
    @Override
    public synchronized void refused(long batchTime) {
        voidPlanned(batchTime);
        context.reportError("group " + ownership.groupId() + " refused the offsets of batch " + new Time(batchTime)
                + " (a rebalance moved on); the batches up to " + new Time(voidUpTo) + " are read again from the"
                + " committed offsets", null);
    }

    /** Voids the batches planned until now (at least up to {@code batchTime}): the next one reads from the committed offsets. */
    private void voidPlanned(long batchTime) {
        voidUpTo = Math.max(voidUpTo, ranges.lastPlanned().orElse(batchTime));
        rewind = true;
    }

    /**
     * As {@link #whileOwning(Set, Runnable)}, and refused too when batch {@code batchTime} was voided
     * meanwhile: planned before this member lost partitions, it must not commit even once they are
     * back, which Kafka would take (the member's metadata is current again).
     */
    @Override
    public void whileOwning(long batchTime, Set<TopicPartition> partitions, Runnable commit) {
        ownership.whileOwning(partitions, () -> {
            // a loss voids before it gives the partitions up, and that waits for this commit: no gap
            synchronized (this) {
                if (batchTime <= voidUpTo) {
                    throw new CommitFailedException("batch " + new Time(batchTime) + " was planned before this member"
                            + " of group " + ownership.groupId() + " lost partitions; its records are read again from"
                            + " the committed offsets");
                }
            }
            commit.run();
        });
    }

    /**
     * Partitions go to another member: unless they were lost (this member was dropped from the
     * group; its planned batches are void), waits for the batches reading them to be written, so
     * that the next owner starts where they ended.
     */
    @Override
    public synchronized void giveUp(Set<TopicPartition> partitions, boolean lost) {
        if (lost) {
            // this member was dropped unknowingly and may get the partitions back before the batches it
            // planned meanwhile commit, with metadata Kafka takes again: none of them may commit
            boolean planned = ranges.lastPlanned().isPresent() && ranges.lastPlanned().getAsLong() > voidUpTo;
            voidPlanned(Long.MIN_VALUE);
            if (planned && !stopped) {
                context.reportError("this member of group " + ownership.groupId() + " lost " + partitions
                        + " (dropped from the group); the batches up to " + new Time(voidUpTo) + " write nothing,"
                        + " their records are read again from the committed offsets", null);
            }
        }
        long deadline = System.nanoTime() + HANDOVER_TIMEOUT.toNanos();
        // with a key exchange nothing waits: a batch's hand-over commits with the group as of its plan, so
        // one still reading these partitions is refused; waiting here would hold the rebalance up while
        // the batches wait for keys that the rebalance itself brings
        boolean wait = !lost && handOvers == null;
        while (wait && !stopped && !Collections.disjoint(ranges.readAfter(lastCompleted), partitions)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                context.reportError("the batches reading " + partitions + " were not written within "
                        + HANDOVER_TIMEOUT.toSeconds() + " s; the partitions go to another member anyway, and those"
                        + " batches' commits are refused, their records read again by it", null);
                break;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        ranges.dropPositions(partitions);
    }

    @Override
    public void stop() {
        PartitionOwnership leaving;
        synchronized (this) {
            leaving = stopped ? null : ownership;
            stopped = true;
            notifyAll();
        }
        if (leaving != null) {
            GroupInputs.unregister(share.get().group(), exchange == null ? this : exchange.reduceSide());
            leaving.close(); // outside the lock: its thread gives the partitions up through it
            if (exchange != null) {
                exchange.close();
            }
        }
        stopResources();
    }

    private synchronized void stopResources() {
        if (pool != null) {
            pool.close();
        }
        if (metadata != null) {
            metadata.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public String description() {
        return "Kafka " + settings.subscription();
    }
}
