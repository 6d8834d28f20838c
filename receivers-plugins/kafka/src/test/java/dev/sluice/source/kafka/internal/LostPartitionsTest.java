package dev.sluice.source.kafka.internal;

import static dev.sluice.runtime.testkit.StreamTestKit.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Config;
import dev.sluice.api.kafka.Kafka;
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
 * read the committed one: its commit is refused, and the offset stays what the next owner read.
 * The member itself still takes the partition for its own (it was never told): the fence is the
 * broker's, which refuses a transactional commit from a member it no longer knows (Kafka 4.3:
 * "The coordinator is not aware of this member"), unlike one from a known member of an older
 * generation, which it accepts (see {@link SharedKafkaSourceTest}).
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
