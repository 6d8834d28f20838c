package dev.sluice.source.kafka.internal;

import static dev.sluice.runtime.testkit.StreamTestKit.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Config;
import dev.sluice.api.spi.GroupMembership;
import dev.sluice.kafka.testkit.KafkaBroker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A container's membership on a real broker that is stopped under it: the members stay what Kafka last said. */
class KafkaGroupMemberTest {

    @TempDir
    Path dir;

    @Test
    void theMembersAreWhatKafkaLastSaidWhileTheBrokerIsDown() throws Exception {
        var broker = KafkaBroker.start(dir.resolve("kafka"));
        var elected = new AtomicBoolean();
        GroupMembership.Leadership leadership = new GroupMembership.Leadership() {
            @Override
            public void elected() {
                elected.set(true);
            }

            @Override
            public void revoked() {
                elected.set(false);
            }
        };
        Config settings = Config.of(Map.of("brokers", broker.bootstrapServers(), "sessionTimeout", "6s"));
        var member = (KafkaGroupMember) new KafkaGroupMembership().join("down", "host/1", settings, leadership);
        try {
            await("the member to lead and to be described", () -> elected.get()
                    && member.members().equals(List.of("host/1")));
            broker.close();
            await("a description to go unanswered", () -> member.unanswered().isPresent());
            // asking Kafka now would give nothing (or wait for the request's timeout): the answer kept is given
            assertThat(member.members()).containsExactly("host/1");
        } finally {
            member.close();
        }
    }
}
