package dev.sluice.source.kafka.internal;

import static dev.sluice.runtime.testkit.StreamTestKit.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Config;
import dev.sluice.api.Time;
import dev.sluice.api.kafka.Kafka;
import dev.sluice.api.spi.GroupMembership;
import dev.sluice.kafka.GroupInputs;
import dev.sluice.kafka.testkit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A member the group dropped without a revoke (its consumer thread held past the group's patience,
 * as a long pause would) must not commit the offsets of a partition whose next owner has already
 * read the committed one. While it is still out, the fence is the broker's: it refuses a
 * transactional commit from a member it no longer knows (Kafka 4.3: "The coordinator is not aware
 * of this member"), though the member, never told, takes the partition for its own. Once it has
 * rejoined and has the partition back, Kafka takes its commits again (its metadata is current),
 * also those of batches it planned before it learned it was dropped: those batches are void,
 * Sluice's own fence.
 */
class LostPartitionsTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    /** How long the group waits for a member's consumer thread before dropping it. */
    private static final String MAX_POLL_INTERVAL_MS = "3000";

    @Test
    void aMemberDroppedWhileItsConsumerThreadWasHeldCannotCommitAfterTheNextOwnerRead() throws Exception {
        KAFKA.broker().createTopic("lost-lines", 2);
        var config = Config.of(Map.of(Kafka.BOOTSTRAP_SERVERS, KAFKA.broker().bootstrapServers(),
                Kafka.TOPICS, "lost-lines", Kafka.CLIENT_PREFIX + "max.poll.interval.ms", MAX_POLL_INTERVAL_MS));
        KafkaSourceSettings settings = KafkaSourceSettings.from(config);
        var release = new CountDownLatch(1);
        var held = new CountDownLatch(1);
        // A's consumer thread stops in the first revoke, as a paused process would, and stays there
        PartitionOwnership a = new PartitionOwnership("lost", settings, Duration.ofSeconds(6), (partitions, lost) -> {
            held.countDown();
            awaitQuietly(release);
        });
        PartitionOwnership b = null;
        try {
            await("A to own both partitions", () -> a.owned().size() == 2);
            commit(a, Map.of(new TopicPartition("lost-lines", 0), 1L, new TopicPartition("lost-lines", 1), 1L));

            b = new PartitionOwnership("lost", settings, Duration.ofSeconds(6), (partitions, lost) -> { });
            PartitionOwnership next = b;
            held.await();
            await("the group to drop A and give B both partitions", () -> next.owned().size() == 2);
            Map<TopicPartition, ExchangeProgress> readByB = next.takeStarts();
            TopicPartition kept = a.owned().iterator().next();
            assertThat(readByB.get(kept).offset()).as("the committed offset B goes on from").isEqualTo(1L);

            // A still takes itself for the owner of the partition it was never told it lost
            assertThatThrownBy(() -> commit(a, Map.of(kept, 5L))).isInstanceOf(KafkaException.class)
                    .satisfies(e -> assertThat(GroupInputs.notOwner(e)).as("refused as not the owner: " + e).isTrue());
            assertThat(KAFKA.broker().committedOffsets("sluice-lost")).containsEntry(kept, 1L);
        } finally {
            release.countDown();
            a.close();
            if (b != null) {
                b.close();
            }
        }
    }

    /**
     * A member dropped while its consumer thread was held plans a batch in the meantime (it does not
     * know yet), rejoins, and gets the batch's partitions back after their other owner has gone on
     * from the committed offsets: the batch must not commit, though the member owns its partitions
     * again and its group metadata is current (which the broker accepts).
     */
    @Test
    void aBatchPlannedBeforeTheMemberLearnedItWasDroppedIsVoidEvenOnceItsPartitionsComeBack() throws Exception {
        KAFKA.broker().createTopic("regained-lines", 2);
        for (int p = 0; p < 2; p++) {
            KAFKA.broker().send("regained-lines", p, "k", List.of("a" + p, "b" + p));
        }
        var config = Config.of(Map.of(Kafka.BOOTSTRAP_SERVERS, KAFKA.broker().bootstrapServers(),
                Kafka.TOPICS, "regained-lines", Kafka.STARTING_OFFSETS, "earliest",
                Kafka.CLIENT_PREFIX + "max.poll.interval.ms", MAX_POLL_INTERVAL_MS,
                GroupMembership.SHARED_GROUP, "regained", GroupMembership.SHARED_SESSION_TIMEOUT, "6s"));
        var reportedByA = new java.util.concurrent.CopyOnWriteArrayList<String>();
        KafkaBatchSource<String, String> a = SourceTestKit.started(config, reportedByA);
        KafkaBatchSource<String, String> b = null;
        try {
            SourceTestKit.await("A to own both partitions", () -> a.owned().size() == 2);
            a.poll(new Time(1000)); // read, its output not written: a revoke waits for it, holding A's consumer thread
            b = SourceTestKit.started(config);
            KafkaBatchSource<String, String> other = b;
            SourceTestKit.await("A to give one partition up (and wait there)", () -> a.owned().size() == 1);
            TopicPartition kept = a.owned().iterator().next();
            SourceTestKit.await("the group to drop A and give B both partitions", () -> other.owned().size() == 2);

            // A, not told, plans its next batch over the partition it takes for its own
            KAFKA.broker().send(kept.topic(), kept.partition(), "k", List.of("c"));
            a.poll(new Time(2000));
            assertThat(a.offsetsAfter(2000).orElseThrow()).containsOnlyKeys(kept);
            // B reads on from the committed offsets, past A's batch, and commits
            KAFKA.broker().send(kept.topic(), kept.partition(), "k", List.of("d"));
            b.poll(new Time(2000));
            commitAsOutput(b, 2000);
            long committedByB = KAFKA.broker().committedOffsets("sluice-regained").get(kept);
            assertThat(committedByB).isEqualTo(4L);

            // A's consumer thread goes on, learns it was dropped, rejoins, and gets both back once B leaves
            a.batchCompleted(new Time(1000));
            b.stop();
            SourceTestKit.await("A to own both partitions again", () -> a.owned().size() == 2);

            assertThat(a.offsetsAfter(2000)).as("the batch planned before A learned it was dropped").isEmpty();
            assertThatThrownBy(() -> a.whileOwning(2000, Set.of(kept), () -> { }))
                    .as("its commit, had its output asked for the offsets before the loss")
                    .satisfies(e -> assertThat(GroupInputs.notOwner(e)).as("refused as not the owner: " + e).isTrue());
            assertThat(KAFKA.broker().committedOffsets("sluice-regained")).containsEntry(kept, committedByB);
            assertThat(reportedByA).containsExactly("this member of group sluice-regained lost [" + kept + "] (dropped"
                    + " from the group); the batches up to 2000 ms write nothing, their records are read again from"
                    + " the committed offsets");
        } finally {
            a.stop();
            if (b != null) {
                b.stop();
            }
        }
    }

    /** Commits the offsets batch {@code time} read, as the output does: only while their partitions are owned. */
    private static void commitAsOutput(KafkaBatchSource<String, String> source, long time) {
        Properties props = KAFKA.broker().clientProperties();
        props.put("transactional.id", "lost-partitions-test-" + System.nanoTime());
        try (var producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            var offsets = source.offsetsAfter(time).orElseThrow();
            try {
                source.whileOwning(time, offsets.keySet(), () -> {
                    producer.sendOffsetsToTransaction(offsets, source.groupMetadata());
                    producer.commitTransaction();
                });
            } catch (KafkaException e) {
                producer.abortTransaction();
                throw e;
            }
        }
    }

    /** Commits {@code offsets} in a transaction with {@code member}'s group metadata, as an output does. */
    private static void commit(PartitionOwnership member, Map<TopicPartition, Long> offsets) {
        Properties props = KAFKA.broker().clientProperties();
        props.put("transactional.id", "lost-partitions-test-" + System.nanoTime());
        try (var producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            var commits = new java.util.HashMap<TopicPartition, OffsetAndMetadata>();
            offsets.forEach((tp, o) -> commits.put(tp, new OffsetAndMetadata(o)));
            try {
                member.whileOwning(Set.copyOf(commits.keySet()), () -> {
                    producer.sendOffsetsToTransaction(commits, member.groupMetadata());
                    producer.commitTransaction();
                });
            } catch (KafkaException e) {
                producer.abortTransaction();
                throw e;
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
