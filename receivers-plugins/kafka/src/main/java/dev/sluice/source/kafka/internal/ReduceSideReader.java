package dev.sluice.source.kafka.internal;

import dev.sluice.api.SluiceException;
import dev.sluice.api.Time;
import dev.sluice.kafka.GroupInputs;
import dev.sluice.kafka.KafkaCalls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reduce side of a group's key exchange: reads ({@code read_committed}) the key partitions this
 * member owns from the group's committed offsets, and gives a batch's chunks of a partition once the
 * markers there say every upstream partition has handed over that batch: the input's partitions,
 * or for a stage reading another keyed stage, that stage's key partitions. Chunks of later batches
 * from faster members wait for their batch. What a batch took of a stage read by another keyed
 * stage is committed by that stage's map side ({@link #reducedIn}); of the last stage, by the output:
 * this is the output's view of what this member consumed ({@link GroupInputs.Taken}). Both commit
 * the key partitions' offsets in one transaction with what they write, only while this member still
 * owns them ({@link #whileOwning}), so that a partition that moved meanwhile is not committed by its
 * former owner.
 */
final class ReduceSideReader implements GroupInputs.Taken, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReduceSideReader.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration REPORT_EVERY = Duration.ofSeconds(5);
    private static final Duration PURGE_EVERY = Duration.ofSeconds(30);


    private final PartitionOwnership ownership;
    /** A repartition topic's upstream partitions: every one hands each batch over before it is reduced. */
    private final Function<String, Set<TopicPartition>> upstreamOf;
    /** The repartition topics of the last keyed stage, whose progress the output commits. */
    private final Set<String> outputTopics;
    /**
     * Whether a batch may take a key partition: one read by other keyed stages only from the batch
     * after its readers' map side marked it handed over (taken, or read again after a refusal).
     */
    private final BiPredicate<TopicPartition, Long> mayTake;
    private final Consumer<String> status;
    private final Map<String, Object> properties;
    private KafkaConsumer<byte[], byte[]> consumer;
    private final Map<TopicPartition, KeyPartitionLog> logs = new HashMap<>();
    /** Per repartition topic, per batch, the offsets that batch's reduce leaves its key partitions at. */
    private final Map<String, NavigableMap<Long, Map<TopicPartition, OffsetAndMetadata>>> reducedBatches =
            new HashMap<>();
    /** Per repartition topic, batches at or before this were reduced before a commit of them was refused. */
    private final Map<String, Long> voidUpTo = new HashMap<>();
    private final ReducedRecordsPurge purge;
    /** The key partitions read from the group's committed progress and not given to a batch yet. */
    private final Set<TopicPartition> undelivered = new HashSet<>();
    /** Per batch, the key partitions it was the first to get since their reading began from the committed progress. */
    private final NavigableMap<Long, Set<TopicPartition>> restartedIn = new TreeMap<>();
    /** Repartition topic to the changelog of its stage's state, for keyed stages that keep state. */
    private final Map<String, ChangelogTopic> changelogs = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean closed;

    ReduceSideReader(Map<String, Object> clientProperties, PartitionOwnership ownership,
                     Function<String, Set<TopicPartition>> upstreamOf, Set<String> outputTopics,
                     BiPredicate<TopicPartition, Long> mayTake, Consumer<String> status) {
        this.ownership = ownership;
        this.upstreamOf = upstreamOf;
        this.mayTake = mayTake;
        this.outputTopics = Set.copyOf(outputTopics);
        this.status = status;
        this.properties = readCommitted(clientProperties);
        this.purge = new ReducedRecordsPurge(clientProperties, PURGE_EVERY);
    }

    /** A consumer's properties to read the group's internal topics: assigned, not in a group, committed records only. */
    static Map<String, Object> readCommitted(Map<String, Object> clientProperties) {
        var properties = new HashMap<>(clientProperties);
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return properties;
    }

    /**
     * The chunks of batch {@code batch} (and earlier batches not reduced yet) of every partition of
     * {@code topic} ({@code partitions} of them) this member owns, by partition and then by the batch
     * that sent them; null for the others. Waits until every upstream partition has handed those
     * batches over.
     */
    synchronized List<NavigableMap<Time, List<byte[]>>> receive(String topic, int partitions, long batch) {
        long nextReport = System.nanoTime() + REPORT_EVERY.toNanos();
        while (true) {
            if (closed) {
                throw new SluiceException("the stream stopped while batch " + new Time(batch) + " waited for its keys");
            }
            Set<TopicPartition> owned = follow(topic);
            purgeReduced(owned);
            Set<TopicPartition> all = upstreamOf.apply(topic);
            List<TopicPartition> waiting = owned.stream().filter(tp -> mayTake.test(tp, batch)
                    && logs.get(tp).reduced() < batch && !logs.get(tp).complete(batch, all)).toList();
            if (waiting.isEmpty()) {
                return take(topic, partitions, batch, owned);
            }
            if (System.nanoTime() > nextReport) {
                var missing = new java.util.TreeSet<String>();
                waiting.forEach(tp -> logs.get(tp).missing(batch, all).forEach(p -> missing.add(p.toString())));
                status.accept("batch " + new Time(batch) + " waits for its keys of " + topic + ": " + missing
                        + " have not handed it over yet (their owner is busy, or dead until the session timeout)");
                nextReport = System.nanoTime() + REPORT_EVERY.toNanos();
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                var tp = new TopicPartition(record.topic(), record.partition());
                KeyPartitionLog log = logs.get(tp);
                if (log != null) {
                    log.add(record);
                }
            }
        }
    }

    private List<NavigableMap<Time, List<byte[]>>> take(String topic, int partitions, long batch,
                                                        Set<TopicPartition> owned) {
        Set<TopicPartition> stillOwned = ownership.ownedOf(topic);
        var result = new ArrayList<NavigableMap<Time, List<byte[]>>>();
        for (int p = 0; p < partitions; p++) {
            result.add(null);
        }
        var offsets = new HashMap<TopicPartition, OffsetAndMetadata>();
        for (TopicPartition tp : owned) {
            KeyPartitionLog log = logs.get(tp);
            if (!stillOwned.contains(tp) || !mayTake.test(tp, batch) || log.reduced() >= batch
                    || tp.partition() >= partitions) {
                continue;
            }
            var byBatch = new TreeMap<Time, List<byte[]>>();
            log.reduce(batch).forEach((sent, chunks) -> byBatch.put(new Time(sent), chunks));
            result.set(tp.partition(), byBatch);
            offsets.put(tp, ExchangeProgress.reduced(log.commitOffset(), batch, log.position()));
            if (undelivered.remove(tp)) {
                restartedIn.computeIfAbsent(batch, b -> new HashSet<>()).add(tp);
            }
        }
        NavigableMap<Long, Map<TopicPartition, OffsetAndMetadata>> ofTopic =
                reducedBatches.computeIfAbsent(topic, t -> new TreeMap<>());
        ofTopic.put(batch, offsets);
        ofTopic.headMap(batch - Duration.ofMinutes(5).toMillis()).clear();
        restartedIn.headMap(batch - Duration.ofMinutes(5).toMillis()).clear();
        return result;
    }

    /** The stage reading {@code topic} keeps state in {@code changelog}, written with the output's transactions. */
    void keepState(String topic, ChangelogTopic changelog) {
        changelogs.put(topic, changelog);
    }

    /**
     * The key partitions of {@code topic} that batch {@code batch} was the first to get since their
     * reading began from the group's committed progress: their state comes from the changelog.
     */
    synchronized Set<Integer> restartedIn(String topic, long batch) {
        var partitions = new java.util.TreeSet<Integer>();
        restartedIn.getOrDefault(batch, Set.of()).stream().filter(tp -> tp.topic().equals(topic))
                .forEach(tp -> partitions.add(tp.partition()));
        return partitions;
    }

    /** Reads the key partitions of {@code topic} this member owns now, each from the group's committed offset. */
    private Set<TopicPartition> follow(String topic) {
        if (consumer == null) {
            consumer = KafkaCalls.withKafkaLoader(() -> new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer()));
        }
        Set<TopicPartition> owned = ownership.ownedOf(topic);
        boolean changed = logs.keySet().removeIf(tp -> tp.topic().equals(topic) && !owned.contains(tp));
        var fresh = new HashSet<>(owned);
        fresh.removeAll(logs.keySet());
        undelivered.retainAll(logs.keySet());
        Map<TopicPartition, OffsetAndMetadata> committed = Map.of();
        if (!fresh.isEmpty()) {
            try {
                committed = ownership.committedWithMetadata(fresh);
            } catch (KafkaException e) {
                // a dead member's open transaction still holds them: reduced by a later batch, once it is aborted
                status.accept("the committed offsets of key partitions " + PartitionOwnership.sorted(fresh)
                        + " are not readable yet (" + e.getMessage() + "); a later batch reduces them");
                fresh.clear();
            }
        }
        if (!fresh.isEmpty()) {
            var assigned = new HashSet<>(logs.keySet());
            assigned.addAll(fresh);
            consumer.assign(assigned);
            for (TopicPartition tp : fresh) {
                ExchangeProgress progress = ExchangeProgress.of(committed.get(tp));
                if (progress.offset() >= 0) {
                    consumer.seek(tp, progress.offset());
                } else {
                    consumer.seekToBeginning(List.of(tp));
                }
                logs.put(tp, new KeyPartitionLog(progress, Math.max(0, progress.offset())));
                undelivered.add(tp);
            }
            LOG.info("Key exchange: this member reduces {} from {}", PartitionOwnership.sorted(fresh), committed);
        } else if (changed) {
            consumer.assign(logs.keySet());
        }
        var followed = new HashSet<>(owned);
        followed.retainAll(logs.keySet());
        return followed;
    }

    /** Deletes, now and then, the records of {@code owned} that the group's committed offsets say are reduced. */
    private void purgeReduced(Set<TopicPartition> owned) {
        try {
            purge.maybePurge(owned, ownership::committedWithMetadata);
        } catch (KafkaException e) {
            LOG.debug("The committed offsets of {} cannot be read to delete reduced records ({})", owned, e.toString());
        }
    }

    /** Deletes the records of the key partitions this member follows that the group's committed offsets say are reduced. */
    synchronized void purgeReducedNow() {
        purge.purge(ownership.committedWithMetadata(Set.copyOf(logs.keySet())));
    }

    @Override
    public void whileOwning(Set<TopicPartition> partitions, Runnable commit) {
        ownership.whileOwning(partitions, commit);
    }

    @Override
    public ConsumerGroupMetadata groupMetadata() {
        return ownership.groupMetadata();
    }


    @Override
    public synchronized Optional<Map<TopicPartition, OffsetAndMetadata>> offsetsAfter(long batchTime) {
        return Optional.of(reducedOf(outputTopics, batchTime));
    }

    /**
     * For the map side of the stage reading {@code topic}: the offsets batch {@code batch}'s reduce left
     * the key partitions of {@code topic} it took at, which that map side commits; empty when the
     * batch was reduced before a commit of an earlier one was refused (it hands nothing over).
     */
    synchronized Optional<Map<TopicPartition, OffsetAndMetadata>> reducedIn(String topic, long batch) {
        if (batch <= voidUpTo.getOrDefault(topic, Long.MIN_VALUE)) {
            return Optional.empty();
        }
        return Optional.of(reducedOf(Set.of(topic), batch));
    }

    /**
     * The stage reading {@code topic} could not commit batch {@code batch}'s part (the group refused,
     * a partition moved): the batches reduced so far hand nothing over, and the key partitions of
     * {@code topic} are read again from the group's committed progress.
     */
    synchronized void refusedDownstream(String topic, long batch) {
        long last = reducedBatches.getOrDefault(topic, new TreeMap<>()).keySet().stream().max(Long::compare)
                .orElse(batch);
        voidUpTo.merge(topic, Math.max(batch, last), Math::max);
        readAgainFromCommitted(Set.of(topic));
        ChangelogTopic changelog = changelogs.get(topic);
        if (changelog != null) {
            // its state goes back to the changelog's: the partitions are restored when read again
            changelog.refused();
        }
    }

    /**
     * For the map side of the stage reading {@code topic}, when the stage of {@code topic} keeps state:
     * the changes up to batch {@code batch} of the key partitions in {@code committing}, written in
     * the transaction that commits those partitions' offsets, as the output's transaction writes the
     * last stage's; none when the stage keeps no state.
     */
    List<ProducerRecord<byte[], byte[]>> changesWith(String topic, long batch, Set<TopicPartition> committing) {
        ChangelogTopic changelog = changelogs.get(topic);
        if (changelog == null) {
            return List.of();
        }
        var partitions = new HashSet<Integer>();
        committing.stream().filter(tp -> tp.topic().equals(topic)).forEach(tp -> partitions.add(tp.partition()));
        return changelog.recordsUpTo(batch, partitions);
    }

    /** The transaction of batch {@code batch} that carried the changes of {@code topic}'s stage committed. */
    void changesCommitted(String topic, long batch) {
        ChangelogTopic changelog = changelogs.get(topic);
        if (changelog != null) {
            changelog.committed(batch);
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> reducedOf(Set<String> topics, long batch) {
        var offsets = new HashMap<TopicPartition, OffsetAndMetadata>();
        topics.forEach(t -> offsets.putAll(reducedBatches.getOrDefault(t, new TreeMap<>()).getOrDefault(batch,
                Map.of())));
        return offsets;
    }

    /** Forgets what was read of {@code topics}: their owned key partitions are read again from the committed offsets. */
    private void readAgainFromCommitted(Set<String> topics) {
        topics.forEach(reducedBatches::remove);
        logs.keySet().removeIf(tp -> topics.contains(tp.topic()));
        undelivered.removeIf(tp -> topics.contains(tp.topic()));
        if (consumer != null) {
            consumer.assign(logs.keySet());
        }
    }

    /**
     * Reads {@code partitions} of {@code topic} again from the group's committed progress, as a
     * partition newly owned: their state could not be restored, so they start over.
     */
    synchronized void readAgain(String topic, Set<Integer> partitions) {
        for (int p : partitions) {
            var tp = new TopicPartition(topic, p);
            logs.remove(tp);
            undelivered.remove(tp);
        }
        status.accept("the state of key partitions " + partitions + " of " + topic + " could not be restored; they"
                + " are read again from the committed progress by the next batch");
    }

    /** The changes of the state kept per key partition that the transaction of batch {@code batchTime} writes. */
    @Override
    public List<ProducerRecord<byte[], byte[]>> recordsWith(long batchTime) {
        Map<TopicPartition, OffsetAndMetadata> committing;
        synchronized (this) {
            committing = reducedOf(outputTopics, batchTime);
        }
        var records = new ArrayList<ProducerRecord<byte[], byte[]>>();
        changelogs.forEach((topic, changelog) -> {
            if (!outputTopics.contains(topic)) {
                return;
            }
            var partitions = new HashSet<Integer>();
            committing.keySet().stream().filter(tp -> tp.topic().equals(topic)).forEach(tp -> partitions.add(tp.partition()));
            records.addAll(changelog.recordsUpTo(batchTime, partitions));
        });
        return records;
    }

    @Override
    public void committed(long batchTime) {
        changelogs.forEach((topic, c) -> {
            if (outputTopics.contains(topic)) {
                c.committed(batchTime);
            }
        });
    }

    /** The output's commit was refused: what was read is read again from the group's committed offsets. */
    @Override
    public synchronized void refused(long batchTime) {
        changelogs.forEach((topic, c) -> {
            if (outputTopics.contains(topic)) {
                c.refused();
            }
        });
        readAgainFromCommitted(outputTopics);
        status.accept("group refused the key partitions' offsets of batch " + new Time(batchTime)
                + " (a rebalance moved on); their records are reduced again from the committed offsets");
    }

    @Override
    public void close() {
        closed = true;
        changelogs.values().forEach(ChangelogTopic::close);
        synchronized (this) {
            purge.close();
            if (consumer != null) {
                consumer.close(Duration.ofSeconds(5));
                consumer = null;
            }
        }
    }
}
