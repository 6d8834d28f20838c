package dev.sluice.source.kafka.internal;

import dev.sluice.kafka.KafkaCalls;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partitions of a shared stream's topics this member owns, as Kafka's consumer group over them
 * assigns them (the group {@code sluice-NAME}; a member joining, leaving or dying rebalances them).
 * A consumer of its own thread stays in the group and reads nothing (its partitions are paused);
 * a partition it is given starts from the offset committed in the group, which the output's
 * transactions move. Before giving a partition up, it waits for the batches already reading it to
 * be done, so that the next owner starts where they ended.
 */
final class PartitionOwnership implements AutoCloseable, MapSideWriter.Owning {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionOwnership.class);
    private static final Duration POLL = Duration.ofMillis(100);
    /** Waits for a committed offset an open transaction of a dead member holds; that transaction times out first. */
    private static final Duration COMMITTED_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(5);

    /** Tells the source which partitions it gives up; returns once the batches reading them are done. */
    interface Handover {
        void giveUp(Set<TopicPartition> partitions, boolean lost);
    }

    private final String group;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaSourceSettings settings;
    private final Handover handover;
    private final Thread thread;
    private final Set<TopicPartition> owned = new HashSet<>();
    /** Being given up: no new batch reads them, the batches that read them may still commit. */
    private final Set<TopicPartition> leaving = new HashSet<>();
    /** Commits hold it shared while they check and use their partitions; giving partitions up holds it alone. */
    private final ReentrantReadWriteLock handing = new ReentrantReadWriteLock();
    /** The key exchange's topics, whose partitions the group divides with the input's. */
    private final Set<String> keyTopics;
    /** Committed progress of input partitions given since the last {@link #takeStarts}. */
    private final Map<TopicPartition, ExchangeProgress> starts = new HashMap<>();
    private volatile ConsumerGroupMetadata metadata;
    /** Reads committed offsets off the poll thread (a consumer is one thread's); made when first needed. */
    private final Map<String, Object> lookupProperties;
    private final Object lookupLock = new Object();
    private KafkaConsumer<byte[], byte[]> lookup;
    private volatile boolean closed;

    PartitionOwnership(String group, KafkaSourceSettings settings, Duration sessionTimeout, Handover handover) {
        this(group, settings, sessionTimeout, handover, Set.of());
    }

    /** Also divides the partitions of {@code keyTopics}, a key exchange's, among the members. */
    PartitionOwnership(String group, KafkaSourceSettings settings, Duration sessionTimeout, Handover handover,
                       Set<String> keyTopics) {
        this.group = "sluice-" + group;
        this.keyTopics = Set.copyOf(keyTopics);
        this.settings = settings;
        this.handover = handover;
        var props = new HashMap<>(settings.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, this.group);
        // the classic protocol, so that the session timeout is the stream's; cooperative, so that a
        // rebalance moves only the partitions that change owner and the others keep running; key
        // partition p of every repartition topic on one member (Kafka's own until every member has it).
        // Classes, not names: Kafka's class loader does not see this bundle's
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, List.of(KeyPartitionAssignor.class,
                CooperativeStickyAssignor.class));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // committed offsets are fetched as stable ones (Kafka's client always asks so): one an open
        // transaction may still move is waited for, never read early
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis());
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(100, sessionTimeout.toMillis() / 3));
        this.lookupProperties = new HashMap<>(settings.clientProperties());
        lookupProperties.put(ConsumerConfig.GROUP_ID_CONFIG, this.group);
        lookupProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        lookupProperties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = KafkaCalls.withKafkaLoader(() ->
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
        this.metadata = consumer.groupMetadata();
        this.thread = new Thread(this::pollUntilClosed, "sluice-" + group + "-partitions");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    String groupId() {
        return group;
    }

    /** The input partitions owned now, and not being given up. */
    synchronized Set<TopicPartition> owned() {
        var input = new HashSet<TopicPartition>();
        owned.stream().filter(tp -> !keyTopics.contains(tp.topic()) && !leaving.contains(tp)).forEach(input::add);
        return input;
    }

    /**
     * Runs {@code commit} while this member owns every one of {@code partitions}: giving a partition up
     * waits until it returns, so its next owner, which the group names only after that, reads the
     * committed offset after this commit. A {@link CommitFailedException} when one is no longer owned.
     */
    @Override
    public void whileOwning(Collection<TopicPartition> partitions, Runnable commit) {
        handing.readLock().lock();
        try {
            synchronized (this) {
                if (!owned.containsAll(partitions)) {
                    var gone = new HashSet<>(partitions);
                    gone.removeAll(owned);
                    throw new CommitFailedException("this member of group " + group + " no longer owns "
                            + sorted(gone) + "; the batch's part is not committed, their next owner reads it again");
                }
            }
            commit.run();
        } finally {
            handing.readLock().unlock();
        }
    }

    private synchronized Set<TopicPartition> ownedAll() {
        return Set.copyOf(owned);
    }

    /** The partitions of {@code topic} (a key exchange's) owned now. */
    synchronized Set<TopicPartition> ownedOf(String topic) {
        var of = new HashSet<TopicPartition>();
        owned.stream().filter(tp -> tp.topic().equals(topic) && !leaving.contains(tp)).forEach(of::add);
        return of;
    }

    /** The input partitions given to this member since the last call, with their committed progress. */
    synchronized Map<TopicPartition, ExchangeProgress> takeStarts() {
        var taken = Map.copyOf(starts);
        starts.clear();
        return taken;
    }

    ConsumerGroupMetadata groupMetadata() {
        return metadata;
    }

    /**
     * The group's committed offsets of {@code partitions} now, with their metadata (partitions with
     * none committed left out), waiting at most a few seconds for an open transaction holding them;
     * a Kafka exception if they cannot be had yet.
     */
    Map<TopicPartition, OffsetAndMetadata> committedWithMetadata(Set<TopicPartition> partitions) {
        synchronized (lookupLock) {
            if (lookup == null) {
                lookup = KafkaCalls.withKafkaLoader(() -> new KafkaConsumer<>(lookupProperties,
                        new ByteArrayDeserializer(), new ByteArrayDeserializer()));
            }
            Map<TopicPartition, OffsetAndMetadata> found = lookup.committed(partitions, LOOKUP_TIMEOUT);
            var committed = new HashMap<TopicPartition, OffsetAndMetadata>();
            if (found != null) {
                found.forEach((tp, at) -> {
                    if (at != null) {
                        committed.put(tp, at);
                    }
                });
            }
            return committed;
        }
    }

    private void pollUntilClosed() {
        Thread.currentThread().setContextClassLoader(KafkaCalls.LOADER);
        try {
            Listener listener = new Listener();
            if (settings.topicPattern().isPresent()) {
                String keys = keyTopics.stream().map(java.util.regex.Pattern::quote).reduce("", (a, b) -> a + "|" + b);
                consumer.subscribe(java.util.regex.Pattern.compile("(?:" + settings.topicPattern().get().pattern() + ")"
                        + keys), listener);
            } else {
                var topics = new java.util.ArrayList<>(settings.topics());
                topics.addAll(keyTopics);
                consumer.subscribe(topics, listener);
            }
            while (!closed) {
                consumer.poll(POLL);
                metadata = consumer.groupMetadata();
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("This member's place in group {} failed; it takes no partitions until the stream restarts: {}",
                    group, e.getMessage(), e);
            give(Set.copyOf(ownedAll()), true);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void give(Set<TopicPartition> partitions, boolean lost) {
        var input = new HashSet<TopicPartition>();
        partitions.stream().filter(tp -> !keyTopics.contains(tp.topic())).forEach(input::add);
        synchronized (this) {
            leaving.addAll(partitions);
            partitions.forEach(starts::remove);
        }
        // the source may wait here for the batches reading them to commit: they are still owned
        if (!input.isEmpty()) {
            handover.giveUp(input, lost || closed);
        }
        // then none commits them any more, before the group gives them to another member
        handing.writeLock().lock();
        try {
            synchronized (this) {
                owned.removeAll(partitions);
                leaving.removeAll(partitions);
            }
        } finally {
            handing.writeLock().unlock();
        }
    }

    private final class Listener implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // the new generation before the partitions: a batch that reads them commits with it, not refused
            metadata = consumer.groupMetadata();
            if (partitions.isEmpty()) {
                return;
            }
            // nothing is read through this consumer: it only holds the partitions
            consumer.pause(partitions);
            // a key partition's progress is read by the reduce side when it next reads
            var input = new HashSet<TopicPartition>();
            partitions.stream().filter(tp -> !keyTopics.contains(tp.topic())).forEach(input::add);
            Map<TopicPartition, OffsetAndMetadata> committed = input.isEmpty() ? Map.of() : committed(input);
            synchronized (PartitionOwnership.this) {
                for (TopicPartition tp : partitions) {
                    if (input.contains(tp)) {
                        starts.put(tp, ExchangeProgress.of(committed.get(tp)));
                    }
                    owned.add(tp);
                }
            }
            LOG.info("Group {}: this member now owns {}, starting at {}", group, sorted(owned()), committed);
        }

        /** Waits while a dead member's open transaction holds the offsets, until it is aborted. */
        private Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
            while (true) {
                try {
                    var found = consumer.committed(partitions, COMMITTED_TIMEOUT);
                    return found == null ? Map.of() : found;
                } catch (org.apache.kafka.common.errors.TimeoutException e) {
                    LOG.warn("Group {}: the committed offsets of {} are still held by an open transaction; waiting",
                            group, partitions);
                }
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                give(Set.copyOf(partitions), false);
                LOG.info("Group {}: this member gave up {}", group, sorted(partitions));
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                give(Set.copyOf(partitions), true);
                LOG.warn("Group {}: this member lost {} (dropped from the group); their batches here cannot commit",
                        group, sorted(partitions));
            }
        }
    }

    static List<String> sorted(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::toString).sorted().toList();
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lookupLock) {
            if (lookup != null) {
                lookup.close(Duration.ofSeconds(5));
            }
        }
    }
}
