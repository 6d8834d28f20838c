package dev.sluice.source.kafka.internal;

import dev.sluice.api.Time;
import dev.sluice.api.spi.KeyExchange;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of a keyed stage, kept in the compacted topic {@code sluice-GROUP-changelog-STAGE}, one
 * partition per key partition: a record per changed key (its serialized key as the record's key, so
 * compaction keeps the latest), a tombstone per removed key. A batch's changes wait here until the
 * output's transaction takes them ({@link #recordsUpTo}) with the key partitions' offsets, and are
 * forgotten once it commits; so the changelog holds exactly the state of the last committed batch.
 * A member that takes a key partition over reads its partition {@code read_committed} from the
 * beginning to the end before it reduces a batch of it, or, when the runtime gives a directory for
 * snapshots, from its newest snapshot on ({@link StateSnapshots}, taken by {@link SnapshotWriter}).
 */
final class ChangelogTopic implements KeyExchange.StateChangelog, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChangelogTopic.class);
    /**
     * A restore reads a partition's whole history of changes at once: bigger fetches and polls than
     * the consumer's defaults (1 MiB per partition, 500 records a poll) take fewer round trips.
     */
    private static final Map<String, Object> RESTORE_FETCHES = Map.of(
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000,
            ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 << 20,
            ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 << 20);

    /**
     * The topic configuration a changelog is made with. Compaction never touches a partition's active
     * segment, and a restore reads every change from the last compaction on: with the broker's 1 GiB
     * segments that is millions of changes per partition before the first compaction (3,333,340 for
     * 166,667 keys, 4 to 8 s to read), with 16 MiB segments 983,463 (1.0 to 1.3 s); see
     * benchmarks/scripts/changelog-restore.sh.
     */
    static final Map<String, String> TOPIC_CONFIG = Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
            TopicConfig.SEGMENT_BYTES_CONFIG, String.valueOf(16 << 20));

    private final String topic;
    private final KeyPartitions keyPartitions;
    /** Batch to key partition to its changes, until the batch's transaction commits. */
    private final NavigableMap<Long, Map<Integer, List<KeyExchange.StateEntry>>> pending = new TreeMap<>();
    /** Batch to the key partitions whose offsets its transaction commits, until it commits: those are snapshot. */
    private final NavigableMap<Long, Set<Integer>> committing = new TreeMap<>();
    private final ChangelogReader reader;
    private final Optional<Snapshots> snapshots;
    private final SnapshotWriter writer;
    private volatile RestoreFigures lastRestore;

    /** Where this changelog's snapshots are kept, and how often this member takes them. */
    record Snapshots(StateSnapshots snapshots, Duration interval) {
    }

    /** The reduce side's key partitions of this changelog's stage. */
    interface KeyPartitions {

        /** The key partitions batch {@code batch} was the first to get since their reading began from the committed progress. */
        Set<Integer> restartedIn(long batch);

        /** Reads {@code partitions} again from the group's committed progress, so that their state is restored again. */
        void readAgain(Set<Integer> partitions);
    }

    ChangelogTopic(String topic, Map<String, Object> clientProperties, Optional<Snapshots> snapshots,
                   KeyPartitions keyPartitions) {
        this.topic = topic;
        this.keyPartitions = keyPartitions;
        var reading = ReduceSideReader.readCommitted(clientProperties);
        RESTORE_FETCHES.forEach(reading::putIfAbsent);
        this.reader = new ChangelogReader(topic, reading);
        this.snapshots = snapshots;
        this.writer = snapshots.map(s -> new SnapshotWriter(topic, s.snapshots(), new ChangelogReader(topic, reading),
                s.interval())).orElse(null);
    }

    static String topicOf(String group, String shuffle) {
        return "sluice-" + group + "-changelog-" + shuffle;
    }

    String topic() {
        return topic;
    }

    @Override
    public Map<Integer, List<KeyExchange.StateEntry>> restored(Time batch) {
        // asked outside this changelog's lock: the reduce side calls into it while holding its own
        Set<Integer> partitions = keyPartitions.restartedIn(batch.millis());
        if (partitions.isEmpty()) {
            return Map.of();
        }
        long started = System.nanoTime();
        Restore restored;
        try {
            synchronized (this) {
                restored = read(partitions);
            }
        } catch (RuntimeException e) {
            // the batch fails; the partitions must not go on without their state, so they start over
            keyPartitions.readAgain(partitions);
            throw e;
        }
        var result = new HashMap<Integer, List<KeyExchange.StateEntry>>();
        restored.state().forEach((p, entries) -> {
            var list = new ArrayList<KeyExchange.StateEntry>(entries.size());
            entries.forEach((k, v) -> list.add(new KeyExchange.StateEntry(k.array(), v)));
            result.put(p, list);
        });
        // the time goes with the records read (every change since the last compaction), not with the keys
        LOG.info("Restored the state of key partitions {} of {} before batch {}: {} keys in {} ms ({} changelog"
                + " records read, {} keys from snapshots)", partitions, topic, batch,
                result.values().stream().mapToInt(List::size).sum(),
                Duration.ofNanos(System.nanoTime() - started).toMillis(), restored.records(), restored.fromSnapshots());
        lastRestore = new RestoreFigures(restored.records(), restored.fromSnapshots());
        return result;
    }

    @Override
    public synchronized void write(Time batch, int partition, List<KeyExchange.StateEntry> changes) {
        pending.computeIfAbsent(batch.millis(), b -> new HashMap<>())
                .computeIfAbsent(partition, p -> new ArrayList<>()).addAll(changes);
    }

    /**
     * The records of the changes of every batch up to {@code batch} not committed yet, in batch
     * order, of the key partitions in {@code committing} (those whose offsets the transaction
     * commits: a partition that moved meanwhile is its next owner's to write).
     */
    synchronized List<ProducerRecord<byte[], byte[]>> recordsUpTo(long batch, Set<Integer> committing) {
        var records = new ArrayList<ProducerRecord<byte[], byte[]>>();
        this.committing.computeIfAbsent(batch, b -> new java.util.TreeSet<>()).addAll(committing);
        pending.headMap(batch, true).forEach((b, byPartition) -> byPartition.forEach((p, changes) -> {
            if (committing.contains(p)) {
                changes.forEach(c -> records.add(new ProducerRecord<>(topic, p, b, c.key(), c.state())));
            }
        }));
        return records;
    }

    /** The transaction of {@code batch} committed: its changes and earlier ones are in the changelog. */
    void committed(long batch) {
        var committed = new java.util.TreeSet<Integer>();
        synchronized (this) {
            pending.headMap(batch, true).clear();
            committing.headMap(batch, true).values().forEach(committed::addAll);
            committing.headMap(batch, true).clear();
        }
        if (writer != null) {
            writer.committed(batch, committed);
        }
    }

    /** The group refused a commit: the state goes back to the changelog's, so nothing pending is written. */
    synchronized void refused() {
        pending.clear();
        committing.clear();
    }

    /** What the last restore read, as its log line says: changelog records, and keys that came from snapshots. */
    record RestoreFigures(long records, long keysFromSnapshots) {
    }

    RestoreFigures lastRestore() {
        return lastRestore;
    }

    /** Each restored partition's keys and states, the changelog records read for them, and the keys a snapshot gave. */
    private record Restore(Map<Integer, Map<ByteBuffer, byte[]>> state, long records, long fromSnapshots) {
    }

    /**
     * Each partition's keys and states as of the last committed transaction: its newest usable
     * snapshot with the changelog after it, or the changelog from the beginning to the end.
     */
    private Restore read(Set<Integer> partitions) {
        var state = new HashMap<Integer, Map<ByteBuffer, byte[]>>();
        var from = new HashMap<Integer, Long>();
        partitions.forEach(p -> {
            state.put(p, new LinkedHashMap<>());
            from.put(p, 0L);
        });
        long fromSnapshots = 0;
        if (snapshots.isPresent()) {
            List<Integer> ordered = List.copyOf(partitions);
            int count = reader.partitions();
            Map<Integer, Long> beginnings = reader.beginnings(ordered);
            Map<Integer, Long> ends = reader.ends(ordered);
            long now = System.currentTimeMillis();
            for (int p : ordered) {
                var snapshot = snapshots.get().snapshots().usable(p, count, beginnings.get(p), ends.get(p),
                        now, true);
                if (snapshot.isPresent()) {
                    state.put(p, snapshot.get().state());
                    from.put(p, snapshot.get().offset());
                    fromSnapshots += snapshot.get().state().size();
                }
            }
        }
        return new Restore(state, reader.read(from, state).records(), fromSnapshots);
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.close();
        }
        synchronized (this) {
            reader.close();
        }
    }
}
