package dev.sluice.shell.internal;

import dev.sluice.api.management.BatchDelays;
import dev.sluice.api.management.GroupMember;
import dev.sluice.api.management.GroupView;
import dev.sluice.api.management.MemberReport;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A group's members as {@code stream:status} shows them: each one's role, the partitions it owns,
 * its latest batch, that batch's scheduling, processing and total delay and the largest of each in
 * the last minute, and how long ago it reported; a member silent longer than the session timeout
 * is marked, and one Kafka dropped from the group says so.
 */
final class GroupTable {

    private static final String NONE = "-";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final ZoneId zone;

    GroupTable(ZoneId zone) {
        this.zone = zone;
    }

    String render(GroupView group) {
        var text = new StringBuilder("group ").append(group.group());
        if (!group.members().isEmpty()) {
            var table = new TextTable("MEMBER", "ROLE", "PARTITIONS", "LAST BATCH", "DELAY sched/proc/total",
                    "MAX IN 1 MIN", "REPORTED");
            for (GroupMember m : group.members()) {
                var report = m.report();
                table.row(m.member() + (m.self() ? " (this one)" : ""),
                        report.map(r -> r.role().text()).orElse(NONE),
                        m.partitions().isEmpty() ? NONE : String.join(", ", m.partitions()),
                        report.flatMap(MemberReport::lastBatch)
                                .map(t -> TIME.format(Instant.ofEpochMilli(t.millis()).atZone(zone))).orElse(NONE),
                        report.flatMap(MemberReport::delays).map(d -> seconds(d.scheduling(), d.processing(), d.total()))
                                .orElse(NONE),
                        report.flatMap(MemberReport::delays).map(GroupTable::maxima).orElse(NONE),
                        reported(m));
            }
            text.append('\n').append(table.render());
        }
        group.problem().ifPresent(p -> text.append('\n').append(group.members().isEmpty() ? "" : "note: ").append(p));
        return text.toString();
    }

    private static String maxima(BatchDelays d) {
        return seconds(d.maxScheduling(), d.maxProcessing(), d.maxTotal());
    }

    private static String reported(GroupMember m) {
        String when = m.reportedAgo().map(a -> String.format(Locale.ROOT, "%.1f s ago", a.toMillis() / 1000.0))
                .orElse("no status yet");
        if (m.silent()) {
            when += ": silent (killed?)";
        }
        return m.inGroup() ? when : when + ", out of the group";
    }

    /** Three delays in seconds, e.g. {@code 0.002/0.041/0.043 s}. */
    private static String seconds(Duration a, Duration b, Duration c) {
        return String.format(Locale.ROOT, "%.3f/%.3f/%.3f s", a.toMillis() / 1000.0, b.toMillis() / 1000.0,
                c.toMillis() / 1000.0);
    }
}
