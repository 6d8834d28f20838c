package dev.sluice.api.management;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One member of a group as any member sees it: its name ({@code host/pid}), whether it is the
 * member asking ({@code self}), its latest report and how long ago it was posted (both empty when
 * it never reported), the input partitions the group's consumer group assigns it, and whether it
 * is in that consumer group now ({@code inGroup}). A member is {@code silent} when its latest
 * report is older than the group's session timeout: it was probably killed, and the group drops
 * it (and moves its partitions) once that timeout has passed.
 */
public record GroupMember(String member, boolean self, Optional<MemberReport> report, Optional<Duration> reportedAgo,
                          List<String> partitions, boolean inGroup, boolean silent) {

    public GroupMember {
        Objects.requireNonNull(member);
        Objects.requireNonNull(report);
        Objects.requireNonNull(reportedAgo);
        partitions = List.copyOf(partitions);
    }
}
