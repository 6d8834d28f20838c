package dev.sluice.source.kafka.internal;

import static dev.sluice.runtime.testkit.StreamTestKit.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.Time;
import dev.sluice.api.management.BatchDelays;
import dev.sluice.api.management.GroupMember;
import dev.sluice.api.management.GroupView;
import dev.sluice.api.management.MemberReport;
import dev.sluice.api.management.MemberRole;
import dev.sluice.api.spi.GroupStatusBoard;
import dev.sluice.kafka.GroupInputs;
import dev.sluice.kafka.testkit.KafkaBrokerExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The members' status on a real broker: posted, read by every member, tied to the shared group's partitions, taken off on leaving. */
class KafkaStatusBoardTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final BatchDelays DELAYS = new BatchDelays(Duration.ofMillis(2), Duration.ofMillis(40),
            Duration.ofMillis(42), Duration.ofMillis(9), Duration.ofMillis(120), Duration.ofMillis(125));

    private static Config settings() {
        return Config.of(Map.of("brokers", KAFKA.broker().bootstrapServers(), "sessionTimeout", "6s"));
    }

    private static MemberReport report(MemberRole role, long lastBatch) {
        return new MemberReport("kafka-word-count", role, Optional.of(Time.of(lastBatch)), Optional.of(DELAYS));
    }

    @Test
    void everyMemberSeesEveryOthersReportAndOneThatLeftIsTakenOff() throws Exception {
        var board = new KafkaStatusBoard();
        var a = board.open("board", "host/1", settings());
        var b = board.open("board", "host/2", settings());
        try {
            // looking is what has the consumer groups described: the first looks say they are being described
            await("both members to see both reports, and b the group described", () -> {
                a.post(report(MemberRole.RUNNING, 5_000));
                b.post(report(MemberRole.STANDING_BY, 4_000));
                return members(a.view()).size() == 2 && members(b.view()).size() == 2
                        && b.view().members().get(0).report().isPresent() && b.view().problem().isEmpty();
            });
            GroupView seenByB = b.view();
            assertThat(seenByB.problem()).isEmpty();
            GroupMember first = seenByB.members().get(0);
            assertThat(first.member()).isEqualTo("host/1");
            assertThat(first.self()).isFalse();
            assertThat(first.report()).contains(report(MemberRole.RUNNING, 5_000));
            assertThat(first.silent()).isFalse();
            assertThat(seenByB.members().get(1).self()).isTrue();
            assertThat(KAFKA.broker().topics()).contains("sluice-status-board");
        } finally {
            a.close();
        }
        await("the member that left to be off b's view", () -> members(b.view()).equals(List.of("host/2")));
        b.close();
    }

    @Test
    void aSharedStreamsPartitionsAreShownForTheMemberThatOwnsThem() throws Exception {
        KAFKA.broker().createTopic("status-lines", 3);
        Properties props = KAFKA.broker().clientProperties();
        props.put("group.id", "sluice-shared");
        var pin = new KafkaStatusBoard().open("shared", "host/7", settings());
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("status-lines"));
            var metadata = new AtomicReference<ConsumerGroupMetadata>();
            GroupInputs.Taken taken = new GroupInputs.Taken() {
                @Override
                public ConsumerGroupMetadata groupMetadata() {
                    return metadata.get();
                }

                @Override
                public Optional<Map<TopicPartition, OffsetAndMetadata>> offsetsAfter(long batchTime) {
                    return Optional.of(Map.of());
                }

                @Override
                public void refused(long batchTime) {
                }
            };
            GroupInputs.register("shared", taken);
            try {
                await("the member to be shown with the partitions the group assigned it", () -> {
                    consumer.poll(Duration.ofMillis(50));
                    metadata.set(consumer.groupMetadata());
                    pin.post(report(MemberRole.SHARING, 9_000));
                    return pin.view().members().stream().anyMatch(m -> m.member().equals("host/7")
                            && m.partitions().size() == 3);
                });
            } finally {
                GroupInputs.unregister("shared", taken);
            }
            GroupMember self = pin.view().members().stream().filter(GroupMember::self).findFirst().orElseThrow();
            assertThat(self.partitions()).containsExactly("status-lines-0", "status-lines-1", "status-lines-2");
            assertThat(self.inGroup()).isTrue();
            assertThat(pin.view().members()).hasSize(1);
        } finally {
            pin.close();
        }
    }

    @Test
    void aBoardWhoseKafkaDoesNotAnswerSaysSo() throws Exception {
        int closed;
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        String nowhere = "127.0.0.1:" + closed;
        GroupStatusBoard.Pin pin = new KafkaStatusBoard().open("nowhere", "host/9",
                Config.of(Map.of("brokers", nowhere)));
        try {
            pin.post(report(MemberRole.RUNNING, 1_000)); // dropped, never waited for
            await("the view to say Kafka cannot be asked", () -> pin.view().problem()
                    .filter(p -> p.contains("Kafka at " + nowhere + " cannot be asked")).isPresent());
            assertThat(pin.view().problem().orElseThrow())
                    .startsWith("the members' status (topic sluice-status-nowhere) is not read yet: Kafka at " + nowhere);
            assertThat(pin.view().members()).isEmpty();
        } finally {
            pin.close();
        }
    }

    @Test
    void aBoardWithoutBrokersIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> new KafkaStatusBoard().open("g", "host/1", Config.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("a group needs the Kafka cluster that keeps it: set group.brokers=host:port,...");
    }

    private static List<String> members(GroupView view) {
        return view.members().stream().map(GroupMember::member).toList();
    }
}
