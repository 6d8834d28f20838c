package dev.sluice.api.management;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A group of containers as {@code stream:status} shows it on any member: every member, silent ones
 * included, sorted by name. {@code problem} says why the view is incomplete, e.g. that Kafka cannot
 * be asked (then members and partitions are those last seen).
 */
public record GroupView(String group, List<GroupMember> members, Optional<String> problem) {

    public GroupView {
        Objects.requireNonNull(group);
        members = List.copyOf(members);
        Objects.requireNonNull(problem);
    }

    /** A group whose view cannot be had at all, and why. */
    public static GroupView unavailable(String group, String why) {
        return new GroupView(group, List.of(), Optional.of(why));
    }
}
