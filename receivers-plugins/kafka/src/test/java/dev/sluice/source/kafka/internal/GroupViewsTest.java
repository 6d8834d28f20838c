package dev.sluice.source.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Time;
import dev.sluice.api.management.GroupMember;
import dev.sluice.api.management.GroupView;
import dev.sluice.api.management.MemberReport;
import dev.sluice.api.management.MemberRole;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GroupViewsTest {

    private static final Duration SESSION = Duration.ofSeconds(6);
    private static final long NOW = 100_000;

    private static GroupViews.Posted posted(MemberRole role, String consumerId, long at) {
        return new GroupViews.Posted(Optional.of(new StatusRecord(new MemberReport("wc", role,
                Optional.of(Time.of(at - 500)), Optional.empty()), Optional.ofNullable(consumerId))), at);
    }

    @Test
    void shouldTieTheSharedGroupsPartitionsToTheMembersThatReportTheirConsumerIds() {
        var reports = Map.of("h/1", posted(MemberRole.SHARING, "c-1", NOW - 300),
                "h/2", posted(MemberRole.SHARING, "c-2", NOW - 900));
        var described = new GroupViews.Described(List.of(), List.of(
                new GroupViews.Consumer("c-2", "consumer-sluice-wc-1", "/127.0.0.1", List.of("lines-3", "lines-1")),
                new GroupViews.Consumer("c-1", "consumer-sluice-wc-1", "/127.0.0.1", List.of("lines-0", "lines-2"))),
                NOW);

        GroupView view = GroupViews.of("wc", "h/2", NOW, SESSION, reports, Optional.of(described), Optional.empty());

        assertThat(view.members()).extracting(GroupMember::member).containsExactly("h/1", "h/2");
        assertThat(view.members().get(0).partitions()).containsExactly("lines-0", "lines-2");
        assertThat(view.members().get(1).partitions()).containsExactly("lines-1", "lines-3");
        assertThat(view.members()).extracting(GroupMember::self).containsExactly(false, true);
        assertThat(view.members()).allMatch(m -> m.inGroup() && !m.silent());
        assertThat(view.members().get(1).reportedAgo()).contains(Duration.ofMillis(900));
    }

    @Test
    void shouldShowAMemberSilentForLongerThanTheSessionTimeoutAndOneTheGroupDropped() {
        var reports = Map.of("h/1", posted(MemberRole.SHARING, "c-1", NOW - 200),
                "h/2", posted(MemberRole.SHARING, "c-2", NOW - 7_000),
                "h/3", posted(MemberRole.SHARING, "c-3", NOW - 30_000));
        // h/2 still holds its partitions until the session timeout is noticed; h/3's went to h/1
        var described = new GroupViews.Described(List.of(), List.of(
                new GroupViews.Consumer("c-1", "x", "/127.0.0.1", List.of("lines-0", "lines-2")),
                new GroupViews.Consumer("c-2", "x", "/127.0.0.1", List.of("lines-1"))), NOW);

        GroupView view = GroupViews.of("wc", "h/1", NOW, SESSION, reports, Optional.of(described), Optional.empty());

        assertThat(view.members()).extracting(GroupMember::silent).containsExactly(false, true, true);
        assertThat(view.members()).extracting(GroupMember::inGroup).containsExactly(true, true, false);
        assertThat(view.members().get(2).partitions()).isEmpty();
        assertThat(view.members().get(2).report()).isPresent();
    }

    @Test
    void shouldNameTheSeatsByClientIdAndShowConsumersThatNeverReported() {
        var reports = Map.of("h/1", posted(MemberRole.RUNNING, null, NOW - 100));
        var described = new GroupViews.Described(
                List.of(new GroupViews.Consumer("s-1", "h/1", "/10.0.0.1", List.of("sluice-group-wc-0")),
                        new GroupViews.Consumer("s-2", "h/2", "/10.0.0.2", List.of())),
                List.of(new GroupViews.Consumer("c-9", "consumer-sluice-wc-3", "/10.0.0.3", List.of("lines-0"))), NOW);

        GroupView view = GroupViews.of("wc", "h/1", NOW, SESSION, reports, Optional.of(described),
                Optional.of("a problem"));

        assertThat(view.members()).extracting(GroupMember::member)
                .containsExactly("consumer-sluice-wc-3 at /10.0.0.3", "h/1", "h/2");
        assertThat(view.members().get(0).partitions()).containsExactly("lines-0");
        assertThat(view.members().get(1).partitions()).as("the seat's partition is not an input's").isEmpty();
        assertThat(view.members().get(2).report()).isEmpty();
        assertThat(view.members().get(2).silent()).as("no report is not silence").isFalse();
        assertThat(view.problem()).hasValue("a problem");
    }

    @Test
    void shouldShowTheReportsAloneAndNoneOutOfTheGroupWhenTheGroupsAreNotDescribed() {
        var reports = Map.of("h/1", posted(MemberRole.STANDING_BY, null, NOW - 100));

        GroupView view = GroupViews.of("wc", "h/1", NOW, SESSION, reports, Optional.empty(), Optional.of("no Kafka"));

        assertThat(view.members()).singleElement().satisfies(m -> {
            assertThat(m.report().orElseThrow().role()).isEqualTo(MemberRole.STANDING_BY);
            assertThat(m.inGroup()).as("not known to be out of the group").isTrue();
            assertThat(m.partitions()).isEmpty();
        });
    }
}
