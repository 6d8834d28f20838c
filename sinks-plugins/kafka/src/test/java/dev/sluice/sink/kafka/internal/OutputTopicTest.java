package dev.sluice.sink.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Config;
import dev.sluice.api.Pair;
import dev.sluice.api.SluiceException;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.Time;
import dev.sluice.api.kafka.Kafka;
import dev.sluice.api.spi.GroupMembership;
import dev.sluice.api.spi.Sink;
import dev.sluice.kafka.testkit.KafkaBroker;
import dev.sluice.kafka.testkit.KafkaBrokerExtension;
import dev.sluice.runtime.testkit.StreamTestKit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An output to a topic that does not exist, on a real broker: refused when the stream starts, alone
 * or shared in a group, with the topic and the fix named; let through to brokers that create topics.
 */
class OutputTopicTest {

    /** The test kit's broker, which does not create topics. */
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir
    Path dir;

    private static Config config(KafkaBroker broker, String topic) {
        return Config.of(Map.of(Kafka.BOOTSTRAP_SERVERS, broker.bootstrapServers(), Kafka.TOPIC, topic));
    }

    @Test
    void shouldRefuseATopicThatDoesNotExistNamingItAndTheFix() {
        String brokers = KAFKA.broker().bootstrapServers();
        assertThatThrownBy(() -> new KafkaSinkProvider().createSink(config(KAFKA.broker(), "no-such-topic")))
                .isInstanceOf(SluiceException.class)
                .hasMessage("the Kafka output's topic 'no-such-topic' does not exist at " + brokers + ", and the brokers"
                        + " do not create topics (auto.create.topics.enable=false): create it (kafka-topics.sh"
                        + " --bootstrap-server " + brokers + " --create --topic no-such-topic --partitions N) or set"
                        + " auto.create.topics.enable=true on the brokers");
    }

    @Test
    void shouldRefuseItAsWellForAMemberOfAGroupSharingTheStream() {
        Config shared = config(KAFKA.broker(), "no-such-shared-topic").with(GroupMembership.SHARED_GROUP, "g");
        assertThatThrownBy(() -> new KafkaSinkProvider().createSink(shared))
                .isInstanceOf(SluiceException.class)
                .hasMessageStartingWith("the Kafka output's topic 'no-such-shared-topic' does not exist at ");
    }

    @Test
    void shouldAcceptATopicThatExists() throws Exception {
        KAFKA.broker().createTopic("there", 1);
        new KafkaSinkProvider().createSink(config(KAFKA.broker(), "there")).close();
    }

    @Test
    void shouldWriteToATopicThatBrokersWhichCreateTopicsMakeAtTheFirstWrite() throws Exception {
        try (var broker = KafkaBroker.start(dir.resolve("kafka"), Map.of("auto.create.topics.enable", "true"));
             var kit = new StreamTestKit(new StreamingSettings("output-topic-test", Duration.ofSeconds(1), 1, null),
                     StreamTestKit.plugins(Map.of(), Map.of(Kafka.TYPE, new KafkaSinkProvider())))) {
            Sink<Pair<String, String>> sink = new KafkaSinkProvider().createSink(config(broker, "made-on-write"));
            sink.write(kit.context().parallelize(List.of(Pair.of("k", "v"))), new Time(1000));
            sink.close();
            assertThat(broker.readCommitted("made-on-write")).extracting(r -> r.key() + "=" + r.value())
                    .containsExactly("k=v");
        }
    }
}
