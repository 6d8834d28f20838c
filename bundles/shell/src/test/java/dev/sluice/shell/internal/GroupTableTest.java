package dev.sluice.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Time;
import dev.sluice.api.management.BatchDelays;
import dev.sluice.api.management.GroupMember;
import dev.sluice.api.management.GroupView;
import dev.sluice.api.management.MemberReport;
import dev.sluice.api.management.MemberRole;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GroupTableTest {

    private final GroupTable table = new GroupTable(ZoneOffset.UTC);

    private static Optional<MemberReport> sharing(long lastBatch, long total) {
        return Optional.of(new MemberReport("kafka-word-count", MemberRole.SHARING, Optional.of(Time.of(lastBatch)),
                Optional.of(new BatchDelays(Duration.ofMillis(2), Duration.ofMillis(total - 2), Duration.ofMillis(total),
                        Duration.ofMillis(15), Duration.ofMillis(230), Duration.ofMillis(240)))));
    }

    @Test
    void shouldShowEveryMemberInTheViewsOrderWithItsPartitionsDelaysAndSilence() {
        var view = new GroupView("wc", List.of(
                new GroupMember("node1/4242", true, sharing(1_500, 45), Optional.of(Duration.ofMillis(300)),
                        List.of("lines-0", "lines-1", "lines-2"), true, false),
                new GroupMember("node2/977", false, sharing(1_000, 61), Optional.of(Duration.ofMillis(8_200)),
                        List.of(), false, true),
                new GroupMember("consumer-sluice-wc-1 at /10.0.0.3", false, Optional.empty(), Optional.empty(),
                        List.of("lines-3"), true, false)), Optional.empty());

        assertThat(table.render(view)).isEqualTo("""
                group wc
                MEMBER                             ROLE     PARTITIONS                 LAST BATCH    \
                DELAY sched/proc/total  MAX IN 1 MIN         REPORTED
                node1/4242 (this one)              sharing  lines-0, lines-1, lines-2  00:00:01.500  \
                0.002/0.043/0.045 s     0.015/0.230/0.240 s  0.3 s ago
                node2/977                          sharing  -                          00:00:01.000  \
                0.002/0.059/0.061 s     0.015/0.230/0.240 s  8.2 s ago: silent (killed?), out of the group
                consumer-sluice-wc-1 at /10.0.0.3  -        lines-3                    -             \
                -                       -                    no status yet""");
    }

    @Test
    void shouldSayWhyTheGroupCannotBeShown() {
        assertThat(table.render(GroupView.unavailable("wc", "no group plugin (group plugin 'kafka') is installed")))
                .isEqualTo("group wc\nno group plugin (group plugin 'kafka') is installed");
    }

    @Test
    void shouldNoteAProblemUnderTheMembersLastSeen() {
        var view = new GroupView("wc", List.of(new GroupMember("node1/1", true, Optional.empty(), Optional.empty(),
                List.of(), true, false)), Optional.of("Kafka at k:9092 cannot be asked (timeout)"));

        assertThat(table.render(view)).endsWith("\nnote: Kafka at k:9092 cannot be asked (timeout)");
    }
}
