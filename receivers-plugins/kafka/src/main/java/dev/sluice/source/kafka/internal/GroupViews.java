package dev.sluice.source.kafka.internal;

import dev.sluice.api.management.GroupMember;
import dev.sluice.api.management.GroupView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A group's view from what Kafka holds: the members' latest reports on the status topic, and the
 * two consumer groups of the group as Admin describes them ({@code sluice-group-NAME}, whose
 * members' client ids are their names, and {@code sluice-NAME}, which divides a shared stream's
 * partitions and whose members are tied to names by the consumer id in their reports).
 */
final class GroupViews {

    /** A report as read from the topic: its record (empty when unreadable) and when it was posted. */
    record Posted(Optional<StatusRecord> record, long at) {
    }

    /** A consumer of one of the group's consumer groups, and the partitions assigned to it. */
    record Consumer(String consumerId, String clientId, String host, List<String> partitions) {
    }

    /** Both consumer groups as described at {@code at}. */
    record Described(List<Consumer> seats, List<Consumer> sharing, long at) {
    }

    private GroupViews() {
    }

    /** The view; with no description, the members as they reported, none taken for out of the group. */
    static GroupView of(String group, String self, long now, Duration sessionTimeout, Map<String, Posted> reports,
                        Optional<Described> described, Optional<String> problem) {
        var inGroup = new TreeSet<String>();
        var partitions = new TreeMap<String, List<String>>();
        described.ifPresent(d -> {
            d.seats().forEach(c -> inGroup.add(c.clientId()));
            for (Consumer c : d.sharing()) {
                String name = nameOf(c, reports);
                inGroup.add(name);
                partitions.computeIfAbsent(name, n -> new ArrayList<>()).addAll(c.partitions());
            }
        });
        var names = new TreeSet<>(reports.keySet());
        names.addAll(inGroup);
        var members = new ArrayList<GroupMember>();
        for (String name : names) {
            Posted posted = reports.get(name);
            Optional<Duration> ago = Optional.ofNullable(posted).map(p -> Duration.ofMillis(Math.max(0, now - p.at())));
            members.add(new GroupMember(name, name.equals(self),
                    Optional.ofNullable(posted).flatMap(Posted::record).map(StatusRecord::report), ago,
                    partitions.getOrDefault(name, List.of()).stream().sorted().toList(),
                    described.isEmpty() || inGroup.contains(name), // not described: not known to be out
                    ago.map(a -> a.compareTo(sessionTimeout) > 0).orElse(false)));
        }
        return new GroupView(group, members, problem);
    }

    /** The member whose report carries {@code c}'s consumer id; else what Kafka knows of it. */
    private static String nameOf(Consumer c, Map<String, Posted> reports) {
        return reports.entrySet().stream()
                .filter(e -> e.getValue().record().flatMap(StatusRecord::consumerId).filter(c.consumerId()::equals)
                        .isPresent())
                .map(Map.Entry::getKey).findFirst()
                .orElse(c.clientId() + " at " + c.host());
    }
}
