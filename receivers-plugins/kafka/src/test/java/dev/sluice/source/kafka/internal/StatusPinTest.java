package dev.sluice.source.kafka.internal;

import static dev.sluice.runtime.testkit.StreamTestKit.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Time;
import dev.sluice.api.management.GroupMember;
import dev.sluice.api.management.GroupView;
import dev.sluice.api.management.MemberReport;
import dev.sluice.api.management.MemberRole;
import dev.sluice.kafka.testkit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The group's consumer groups are described only while someone looks at the status, on a real
 * broker: none while no one does, the first look answers at once with the members' reports and
 * says the partitions are being described, the next looks have them, and a spell without looks
 * stops the descriptions again.
 */
class StatusPinTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    /** Short, so that the test sees a watch end. */
    private static final Duration WATCHED_FOR = Duration.ofSeconds(2);

    @Test
    void shouldDescribeTheConsumerGroupsOnlyWhileSomeoneLooks() throws Exception {
        var settings = new GroupSettings(KAFKA.broker().bootstrapServers(), Duration.ofSeconds(6));
        var pin = new StatusPin("watched", "host/1", settings, WATCHED_FOR);
        var report = new MemberReport("app", MemberRole.RUNNING, Optional.of(Time.of(1_000)), Optional.empty());
        try {
            // posted and followed for a while, with no one looking
            long opened = System.nanoTime();
            await("the pin to read its own report back", () -> {
                pin.post(report);
                return pin.reporters().contains("host/1");
            });
            await("a spell longer than a watch, with no one looking", () -> System.nanoTime() - opened
                    > WATCHED_FOR.plusSeconds(1).toNanos());
            assertThat(pin.descriptions()).as("descriptions while no one looked").isZero();

            GroupView first = pin.view();
            assertThat(first.problem()).hasValueSatisfying(p -> assertThat(p)
                    .startsWith("describing the group's consumer groups (only while someone looks)"));
            assertThat(first.members()).as("the first look: the members as they reported, none out of the group")
                    .singleElement().satisfies(m -> {
                        assertThat(m.report()).contains(report);
                        assertThat(m.inGroup()).isTrue();
                    });
            await("a later look to have the group described", () -> pin.view().problem().isEmpty());
            GroupMember self = pin.view().members().stream().filter(GroupMember::self).findFirst().orElseThrow();
            assertThat(self.report()).contains(report);
            assertThat(self.inGroup()).as("described: in neither consumer group (this test joins none)").isFalse();
            long whileLooked = pin.descriptions();
            assertThat(whileLooked).isPositive();

            long lastLook = System.nanoTime();
            await("the watch to end after the last look", () -> System.nanoTime() - lastLook
                    > WATCHED_FOR.plusSeconds(1).toNanos());
            long afterWatch = pin.descriptions();
            long quietFrom = System.nanoTime();
            await("a further spell with no one looking", () -> System.nanoTime() - quietFrom
                    > WATCHED_FOR.toNanos());
            assertThat(pin.descriptions()).as("descriptions once no one looks").isEqualTo(afterWatch);
        } finally {
            pin.close();
        }
    }
}
