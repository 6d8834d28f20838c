package dev.sluice.source.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Config;
import dev.sluice.api.kafka.Kafka;
import dev.sluice.api.spi.GroupMembership;
import dev.sluice.api.spi.KeyExchange;
import dev.sluice.kafka.testkit.KafkaBrokerExtension;
import dev.sluice.runtime.internal.storage.SnapshotDirectory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running count kept per key partition on a real broker, with its snapshots in a real directory:
 * a member snapshots the key partitions it commits at the first commit of each checkpoint interval
 * (an hour here, so the first commit only), and a member restoring a key partition reads its snapshot
 * and only the changelog after it, getting exactly the state the whole changelog holds. A snapshot
 * taken while a batch's transaction may still be refused never holds that batch; a corrupt one is
 * named in a WARN and the whole changelog is read instead. A snapshot taken while a transaction
 * is open holds none of its changes, and the next one none of them once it is aborted.
 */
class StateSnapshotRestoreTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final int PARTITIONS = 4;
    private static final String[] WORDS = RandomWords.ANIMALS;

    @TempDir
    Path snapshotDirectory;

    @Test
    void shouldRestoreFromTheSnapshotAndTheChangelogAfterItWhatTheWholeChangelogHolds() throws Exception {
        Config config = config("snapshot-lines", "snapshots");
        String changelog = ChangelogTopic.topicOf("snapshots", "counts");
        var totals = new TreeMap<String, Long>();
        sendWords("snapshot-lines", new Random(3), 150, totals);
        var a = new CountingMember(KAFKA.broker(), SourceTestKit.started(config));
        try {
            awaitOwningAll(a);
            a.batch(1000, true).get(SourceTestKit.WAIT.toSeconds(), TimeUnit.SECONDS);
            var afterFirst = new TreeMap<>(totals);
            awaitSnapshots(changelog);

            // batch 2's transaction is refused: batch 3 restores every partition from the snapshot and the changelog
            sendWords("snapshot-lines", new Random(5), 80, totals);
            a.batch(2000, false).get(SourceTestKit.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(snapshotted(changelog)).as("the snapshots hold batch 1's counts, never the refused batch's")
                    .isEqualTo(afterFirst);
            sendWords("snapshot-lines", new Random(7), 60, totals);
            a.batch(3000, true).get(SourceTestKit.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(a.restored).as("batch 1's counts, restored from the snapshots").isEqualTo(afterFirst);
            assertThat(restoreOf(a).keysFromSnapshots()).isEqualTo(afterFirst.size());
            assertThat(a.counts).isEqualTo(totals);
            sendWords("snapshot-lines", new Random(9), 40, totals);
            a.batch(4000, true).get(SourceTestKit.WAIT.toSeconds(), TimeUnit.SECONDS);
        } finally {
            a.source.stop();
        }

        var afterFourth = new TreeMap<>(totals);
        assertThat(wholeChangelog(changelog)).as("the whole changelog").isEqualTo(afterFourth);
        sendWords("snapshot-lines", new Random(11), 30, totals);
        var b = new CountingMember(KAFKA.broker(), SourceTestKit.started(config));
        try {
            awaitOwningAll(b);
            b.batch(5000, true).get(SourceTestKit.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(b.restored).as("the snapshots of batch 1 with batches 3 and 4 after them")
                    .isEqualTo(afterFourth);
            ChangelogTopic.RestoreFigures figures = restoreOf(b);
            assertThat(figures.keysFromSnapshots()).isPositive();
            assertThat(figures.records()).as("only the changelog after the snapshots read")
                    .isLessThan(KAFKA.broker().readCommitted(changelog).size());
            assertThat(b.counts).isEqualTo(totals);
        } finally {
            b.source.stop();
        }
    }

    @Test
    void shouldReadTheWholeChangelogOfAPartitionWhoseSnapshotIsCorruptAndSaySo() throws Exception {
        Config config = config("corrupt-lines", "corrupting");
        String changelog = ChangelogTopic.topicOf("corrupting", "counts");
        var totals = new TreeMap<String, Long>();
        sendWords("corrupt-lines", new Random(13), 150, totals);
        var a = new CountingMember(KAFKA.broker(), SourceTestKit.started(config));
        try {
            awaitOwningAll(a);
            a.batch(1000, true).get(SourceTestKit.WAIT.toSeconds(), TimeUnit.SECONDS);
            awaitSnapshots(changelog);
            sendWords("corrupt-lines", new Random(17), 80, totals);
            a.batch(2000, true).get(SourceTestKit.WAIT.toSeconds(), TimeUnit.SECONDS);
        } finally {
            a.source.stop();
        }
        Path corrupt = newestSnapshot(changelog, 0);
        byte[] bytes = Files.readAllBytes(corrupt);
        bytes[bytes.length - 1] ^= 0x40; // the checksum's last byte: whatever the keys, the file no longer adds up
        Files.write(corrupt, bytes);

        var afterSecond = new TreeMap<>(totals);
        assertThat(wholeChangelog(changelog)).as("the whole changelog").isEqualTo(afterSecond);
        sendWords("corrupt-lines", new Random(19), 40, totals);
        var b = new CountingMember(KAFKA.broker(), SourceTestKit.started(config));
        String log;
        PrintStream err = System.err;
        var captured = new ByteArrayOutputStream();
        try {
            awaitOwningAll(b);
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                b.batch(3000, true).get(SourceTestKit.WAIT.toSeconds(), TimeUnit.SECONDS);
            } finally {
                System.setErr(err);
                log = captured.toString(StandardCharsets.UTF_8);
            }
            assertThat(b.restored).as("partition 0 from its whole changelog, the others from their snapshots")
                    .isEqualTo(afterSecond);
            long partitionZeroKeys = afterSecond.keySet().stream()
                    .filter(w -> CountingMember.partitionOf(w, PARTITIONS) == 0).count();
            assertThat(partitionZeroKeys).isPositive();
            assertThat(restoreOf(b).keysFromSnapshots()).isPositive()
                    .isLessThanOrEqualTo(afterSecond.size() - partitionZeroKeys);
            assertThat(b.counts).isEqualTo(totals);
            // batch 3's commit is B's first: its snapshot of partition 0 reads the whole changelog and replaces the corrupt one
            StateSnapshots snapshots = snapshots(changelog);
            SourceTestKit.await("a snapshot of partition 0 in place of the corrupt one",
                    () -> !newestName(snapshots, 0).equals(corrupt.getFileName().toString()));
            assertThat(snapshots.names(0)).hasSize(1);
            assertThat(counts(snapshots.newest(0, PARTITIONS).orElseThrow())).isEqualTo(partition(totals, 0));
        } finally {
            b.source.stop();
        }
        assertThat(log.lines().filter(l -> l.contains("WARN") && l.contains("Cannot use the state snapshot")
                && l.contains(corrupt.getFileName().toString()) && l.contains("checksum")).count())
                .as("one WARN naming the corrupt snapshot, in:%n%s", log).isEqualTo(1);
    }

    @Test
    void shouldSnapshotNoChangeOfATransactionStillOpenOrAborted() throws Exception {
        String changelog = "sluice-open-changelog-counts";
        KAFKA.broker().createTopic(changelog, 2);
        var properties = new HashMap<String, Object>();
        KAFKA.broker().clientProperties().forEach((k, v) -> properties.put((String) k, v));
        var snapshots = snapshots(changelog);
        try (var writer = new SnapshotWriter(changelog, snapshots,
                new ChangelogReader(changelog, ReduceSideReader.readCommitted(properties)), Duration.ofHours(1))) {
            try (var committed = transactional("committed")) {
                send(committed, changelog, Map.of("ant", "1", "bee", "1"));
                committed.commitTransaction();
            }
            try (var open = transactional("open")) {
                send(open, changelog, Map.of("ant", "99", "cat", "5"));
                open.flush();
                writer.take(Set.of(0));
                assertThat(counts(snapshots.newest(0, 2).orElseThrow()))
                        .as("the committed changes only, the open transaction's not")
                        .isEqualTo(Map.of("ant", 1L, "bee", 1L));
                open.abortTransaction();
            }
            long first = snapshots.newest(0, 2).orElseThrow().offset();
            try (var later = transactional("later")) {
                send(later, changelog, Map.of("bee", "2"));
                later.commitTransaction();
            }
            writer.take(Set.of(0));
            StateSnapshot second = snapshots.newest(0, 2).orElseThrow();
            assertThat(counts(second)).as("the aborted changes skipped, the later commit laid over the first snapshot")
                    .isEqualTo(Map.of("ant", 1L, "bee", 2L));
            assertThat(second.offset()).isGreaterThan(first);
            assertThat(snapshots.names(0)).as("the first snapshot deleted").hasSize(1);
        }
    }

    private static String newestName(StateSnapshots snapshots, int partition) {
        try {
            return snapshots.names(partition).get(0);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, Long> partition(Map<String, Long> counts, int partition) {
        var of = new TreeMap<String, Long>();
        counts.forEach((w, c) -> {
            if (CountingMember.partitionOf(w, PARTITIONS) == partition) {
                of.put(w, c);
            }
        });
        return of;
    }

    private static KafkaProducer<byte[], byte[]> transactional(String id) {
        var props = KAFKA.broker().clientProperties();
        props.put("transactional.id", "snapshot-test-" + id);
        var producer = new KafkaProducer<>(props,
                new ByteArraySerializer(),
                new ByteArraySerializer());
        producer.initTransactions();
        producer.beginTransaction();
        return producer;
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic,
                             Map<String, String> changes) {
        changes.forEach((k, v) -> producer.send(new ProducerRecord<>(topic, 0,
                k.getBytes(StandardCharsets.UTF_8), v.getBytes(StandardCharsets.UTF_8))));
    }

    private static Map<String, Long> counts(StateSnapshot snapshot) {
        var counts = new TreeMap<String, Long>();
        snapshot.state().forEach((k, v) -> counts.put(CountingMember.text(k.array()),
                Long.parseLong(CountingMember.text(v))));
        return counts;
    }

    private Config config(String topic, String group) throws Exception {
        KAFKA.broker().createTopic(topic, PARTITIONS);
        return Config.of(Map.of(Kafka.BOOTSTRAP_SERVERS, KAFKA.broker().bootstrapServers(),
                Kafka.TOPICS, topic, Kafka.STARTING_OFFSETS, "earliest",
                GroupMembership.SHARED_GROUP, group, GroupMembership.SHARED_SESSION_TIMEOUT, "6s",
                KeyExchange.SHUFFLES, "counts", KeyExchange.STATE_SHUFFLES, "counts",
                KeyExchange.SNAPSHOT_INTERVAL, "1h"))
                .withObject(KeyExchange.SNAPSHOT_FILES, SnapshotDirectory.open(snapshotDirectory.toString()));
    }

    private static ChangelogTopic.RestoreFigures restoreOf(CountingMember member) {
        return ((ChangelogTopic) member.source.exchange().shuffle("counts").changelog()).lastRestore();
    }

    private StateSnapshots snapshots(String changelog) throws IOException {
        return new StateSnapshots(SnapshotDirectory.open(snapshotDirectory.toString()), changelog, Duration.ofDays(1));
    }

    private void awaitSnapshots(String changelog) throws Exception {
        StateSnapshots snapshots = snapshots(changelog);
        SourceTestKit.await("a snapshot of every key partition", () -> {
            for (int p = 0; p < PARTITIONS; p++) {
                try {
                    if (snapshots.names(p).isEmpty()) {
                        return false;
                    }
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
            return true;
        });
    }

    private Path newestSnapshot(String changelog, int partition) throws IOException {
        return snapshotDirectory.resolve(changelog).resolve(String.valueOf(partition))
                .resolve(snapshots(changelog).names(partition).get(0));
    }

    /** The counts the newest snapshots of every key partition hold. */
    private Map<String, Long> snapshotted(String changelog) throws IOException {
        var counts = new TreeMap<String, Long>();
        StateSnapshots snapshots = snapshots(changelog);
        for (int p = 0; p < PARTITIONS; p++) {
            counts.putAll(counts(snapshots.newest(p, PARTITIONS).orElseThrow()));
        }
        return counts;
    }

    /** The counts the changelog holds, read from its beginning as a restore without snapshots reads it. */
    private static Map<String, Long> wholeChangelog(String changelog) {
        var counts = new HashMap<String, Long>();
        for (ConsumerRecord<String, String> r : KAFKA.broker().readCommitted(changelog)) {
            if (r.value() == null) {
                counts.remove(r.key());
            } else {
                counts.put(r.key(), Long.parseLong(r.value()));
            }
        }
        return new TreeMap<>(counts);
    }

    private static void awaitOwningAll(CountingMember member) throws InterruptedException {
        SourceTestKit.await("the member to own every input and key partition",
                () -> member.source.owned().size() == PARTITIONS
                        && member.source.exchange().ownedKeyPartitions().size() == PARTITIONS);
    }

    private static void sendWords(String topic, Random random, int n, Map<String, Long> totals) throws Exception {
        RandomWords.send(KAFKA.broker(), topic, PARTITIONS, WORDS, random, n).forEach((w, c) -> totals.merge(w, c, Long::sum));
    }
}
