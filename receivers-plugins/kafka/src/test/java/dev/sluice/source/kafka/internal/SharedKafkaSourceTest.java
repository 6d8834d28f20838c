package dev.sluice.source.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Config;
import dev.sluice.api.Time;
import dev.sluice.api.kafka.Kafka;
import dev.sluice.api.kafka.KafkaRecord;
import dev.sluice.api.spi.GroupMembership;
import dev.sluice.api.spi.InputSplit;
import dev.sluice.kafka.GroupInputs;
import dev.sluice.kafka.testkit.KafkaBrokerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two members of a group sharing a Kafka stream: the topic's partitions are divided between them,
 * each batch reads only its member's part, and a partition that moves goes on from the offset the
 * group committed for it, not from where its former owner had read.
 */
class SharedKafkaSourceTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void shouldDivideThePartitionsAndHandAMovedOneOverAtItsCommittedOffset() throws Exception {
        KAFKA.broker().createTopic("shared-lines", 6);
        var firstValues = new ArrayList<String>();
        for (int p = 0; p < 6; p++) {
            List<String> values = List.of("first-" + p + "a", "first-" + p + "b");
            KAFKA.broker().send("shared-lines", p, "k", values);
            firstValues.addAll(values);
        }
        var config = Config.of(Map.of(Kafka.BOOTSTRAP_SERVERS, KAFKA.broker().bootstrapServers(),
                Kafka.TOPICS, "shared-lines", Kafka.STARTING_OFFSETS, "earliest",
                GroupMembership.SHARED_GROUP, "words", GroupMembership.SHARED_SESSION_TIMEOUT, "6s"));
        KafkaBatchSource<String, String> a = SourceTestKit.started(config);
        KafkaBatchSource<String, String> b = SourceTestKit.started(config);
        try {
            SourceTestKit.await("the six partitions divided between the two members", () -> a.owned().size() + b.owned().size() == 6
                    && !a.owned().isEmpty() && !b.owned().isEmpty());
            assertThat(a.owned()).doesNotContainAnyElementsOf(b.owned());

            List<String> readByA = read(a.poll(new Time(1000)));
            List<String> readByB = read(b.poll(new Time(1000)));
            assertThat(readByA).doesNotContainAnyElementsOf(readByB);
            var both = new ArrayList<>(readByA);
            both.addAll(readByB);
            assertThat(both).containsExactlyInAnyOrderElementsOf(firstValues);
            assertThat(a.offsetsAfter(1000).orElseThrow().keySet()).isEqualTo(a.owned());

            // A commits batch 1000 as its output's transaction would; B commits nothing
            commitAsOutput(a, 1000);
            a.batchCompleted(new Time(1000));
            Set<TopicPartition> ofA = a.owned();
            Set<TopicPartition> ofB = b.owned();
            a.stop();
            SourceTestKit.await("B to own every partition once A has left", () -> b.owned().size() == 6);

            var secondValues = new ArrayList<String>();
            for (int p = 0; p < 6; p++) {
                KAFKA.broker().send("shared-lines", p, "k", List.of("second-" + p));
                secondValues.add("second-" + p);
            }
            List<String> next = read(b.poll(new Time(2000)));
            // A's partitions go on after what A committed; B's own after what B read, uncommitted as it is
            assertThat(next).containsExactlyInAnyOrderElementsOf(secondValues);
            assertThat(b.offsetsAfter(2000).orElseThrow().keySet()).containsAll(ofA).containsAll(ofB);
        } finally {
            a.stop();
            b.stop();
        }
    }

    @Test
    void shouldRefuseTheCommitOfABatchPlannedBeforeItsPartitionMovedToAnotherMember() throws Exception {
        KAFKA.broker().createTopic("planned-lines", 2);
        KAFKA.broker().send("planned-lines", 0, "k", List.of("x0"));
        KAFKA.broker().send("planned-lines", 1, "k", List.of("y0"));
        var config = Config.of(Map.of(Kafka.BOOTSTRAP_SERVERS, KAFKA.broker().bootstrapServers(),
                Kafka.TOPICS, "planned-lines", Kafka.STARTING_OFFSETS, "earliest",
                GroupMembership.SHARED_GROUP, "planning", GroupMembership.SHARED_SESSION_TIMEOUT, "6s"));
        KafkaBatchSource<String, String> a = SourceTestKit.started(config);
        KafkaBatchSource<String, String> b = null;
        try {
            SourceTestKit.await("A to own both partitions", () -> a.owned().size() == 2);
            assertThat(read(a.poll(new Time(1000)))).containsExactlyInAnyOrder("x0", "y0");
            // computed, its ranges kept, its output not committed yet: the rebalance does not wait for it
            a.forget(new Time(0));
            a.batchCompleted(new Time(1000));
            assertThat(a.offsetsAfter(1000).orElseThrow()).hasSize(2);

            b = SourceTestKit.started(config);
            KafkaBatchSource<String, String> joined = b;
            SourceTestKit.await("B to take one of A's partitions", () -> joined.owned().size() == 1
                    && a.owned().size() == 1);

            // the broker would take it (Kafka 4.3 accepts the older generation): the member refuses it itself
            assertThatThrownBy(() -> commitAsOutput(a, 1000)).isInstanceOf(KafkaException.class)
                    .satisfies(e -> assertThat(GroupInputs.notOwner(e)).as("refused as not the owner: " + e).isTrue());
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
        props.put("transactional.id", "shared-source-test-" + time + "-" + System.nanoTime());
        try (var producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            var offsets = source.offsetsAfter(time).orElseThrow();
            try {
                source.whileOwning(offsets.keySet(), () -> {
                    producer.sendOffsetsToTransaction(offsets, source.groupMetadata());
                    producer.commitTransaction();
                });
            } catch (KafkaException e) {
                producer.abortTransaction();
                throw e;
            }
        }
    }

    private static List<String> read(List<InputSplit<KafkaRecord<String, String>>> splits) throws Exception {
        var values = new ArrayList<String>();
        for (var split : splits) {
            split.read(r -> values.add(r.value()));
        }
        return values;
    }

}
