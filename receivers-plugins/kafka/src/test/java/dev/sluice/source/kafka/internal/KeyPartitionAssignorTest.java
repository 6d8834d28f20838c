package dev.sluice.source.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The group's assignment, run as the cooperative protocol runs it (each member reports what it
 * owns, keeps what it is given, lets go of the rest, and the group assigns again until nothing
 * moves): key partition p of every repartition topic always on one member, every partition on
 * exactly one, and never given to a member while another still holds it.
 */
class KeyPartitionAssignorTest {

    private static final String LEAD = "sluice-g-repartition-counts";
    private static final List<String> KEY_TOPICS = List.of(LEAD, "sluice-g-repartition-letters",
            "sluice-g-repartition-words");
    private static final List<String> TOPICS = List.of("lines", LEAD, "sluice-g-repartition-letters",
            "sluice-g-repartition-words");

    private final KeyPartitionAssignor assignor = new KeyPartitionAssignor();
    private final Cluster cluster = cluster(Map.of("lines", 6, LEAD, 6, "sluice-g-repartition-letters", 6,
            "sluice-g-repartition-words", 8));
    private int generation;

    @Test
    void shouldKeepEveryKeyPartitionsTopicsOnOneMemberAsMembersComeAndGo() {
        Map<String, List<TopicPartition>> owned = new TreeMap<>(Map.of("a", List.of(), "b", List.of(), "c",
                List.of()));
        owned = settle(owned);
        assertCoLocated(owned);
        assertThat(owned.values()).allSatisfy(p -> assertThat(keyPartitions(p)).hasSizeBetween(2, 3));

        // c dies: its key partitions move, each with all its topics; a and b keep theirs
        var before = new HashMap<>(owned);
        owned.remove("c");
        owned = settle(owned);
        assertCoLocated(owned);
        assertThat(owned.get("a")).containsAll(before.get("a"));
        assertThat(owned.get("b")).containsAll(before.get("b"));

        // d joins: it is given key partitions, whole
        owned.put("d", List.of());
        owned = settle(owned);
        assertCoLocated(owned);
        assertThat(keyPartitions(owned.get("d"))).isNotEmpty();
    }

    @Test
    void shouldMoveAFollowerHeldApartFromItsLeadOnlyOnceItsHolderLetItGo() {
        // as Kafka's own assignor left them: letters-0 on a, counts-0 (the lead) on b
        var owned = new TreeMap<String, List<TopicPartition>>();
        owned.put("a", List.of(new TopicPartition("sluice-g-repartition-letters", 0), new TopicPartition("lines", 0)));
        owned.put("b", List.of(new TopicPartition(LEAD, 0), new TopicPartition("lines", 1)));
        Map<String, List<TopicPartition>> settled = settle(owned);
        assertCoLocated(settled);
        assertThat(settled.get("b")).contains(new TopicPartition(LEAD, 0),
                new TopicPartition("sluice-g-repartition-letters", 0));
    }

    @Test
    void shouldAssignAsKafkaDoesWithOneRepartitionTopic() {
        var assignment = assignor.assign(cluster(Map.of("lines", 4, LEAD, 4)), new GroupSubscription(Map.of(
                "a", new Subscription(List.of("lines", LEAD), null, List.of(), 1, Optional.empty()),
                "b", new Subscription(List.of("lines", LEAD), null, List.of(), 1, Optional.empty()))))
                .groupAssignment();
        var all = new ArrayList<TopicPartition>();
        assignment.values().forEach(a -> all.addAll(a.partitions()));
        assertThat(all).hasSize(8).doesNotHaveDuplicates();
    }

    /** Rebalances as the cooperative protocol does until no member's partitions change; returns what each owns. */
    private Map<String, List<TopicPartition>> settle(Map<String, List<TopicPartition>> owned) {
        Map<String, List<TopicPartition>> current = new TreeMap<>(owned);
        for (int round = 0; round < 5; round++) {
            generation++;
            var subscriptions = new HashMap<String, Subscription>();
            current.forEach((member, partitions) -> subscriptions.put(member, new Subscription(TOPICS, null,
                    partitions, generation - 1, Optional.empty())));
            var assigned = assignor.assign(cluster, new GroupSubscription(subscriptions)).groupAssignment();
            var next = new TreeMap<String, List<TopicPartition>>();
            boolean moved = false;
            for (String member : current.keySet()) {
                List<TopicPartition> given = assigned.get(member).partitions();
                for (TopicPartition tp : given) {
                    current.forEach((other, holds) -> assertThat(other.equals(member) || !holds.contains(tp))
                            .as("%s given to %s while %s still holds it", tp, member, other).isTrue());
                }
                moved |= !new HashSet<>(given).equals(new HashSet<>(current.get(member)));
                next.put(member, List.copyOf(given));
            }
            current = next;
            if (!moved) {
                assertEveryPartitionOnce(current);
                return current;
            }
        }
        throw new AssertionError("the assignment did not settle: " + current);
    }

    private void assertEveryPartitionOnce(Map<String, List<TopicPartition>> owned) {
        var all = new ArrayList<TopicPartition>();
        owned.values().forEach(all::addAll);
        int partitions = TOPICS.stream().mapToInt(t -> cluster.partitionCountForTopic(t)).sum();
        assertThat(all).hasSize(partitions).doesNotHaveDuplicates();
    }

    /** Key partition p of every repartition topic, and p + 6 of the one with 8, with its lead p's owner. */
    private static void assertCoLocated(Map<String, List<TopicPartition>> owned) {
        var ownerOf = new HashMap<TopicPartition, String>();
        owned.forEach((member, partitions) -> partitions.forEach(tp -> ownerOf.put(tp, member)));
        for (String topic : KEY_TOPICS) {
            for (int p = 0; p < (topic.endsWith("words") ? 8 : 6); p++) {
                assertThat(ownerOf.get(new TopicPartition(topic, p))).as("%s-%d with %s-%d", topic, p, LEAD, p % 6)
                        .isNotNull().isEqualTo(ownerOf.get(new TopicPartition(LEAD, p % 6)));
            }
        }
    }

    private static Set<Integer> keyPartitions(List<TopicPartition> partitions) {
        var keys = new HashSet<Integer>();
        partitions.stream().filter(tp -> tp.topic().equals(LEAD)).forEach(tp -> keys.add(tp.partition()));
        return keys;
    }

    private static Cluster cluster(Map<String, Integer> topics) {
        var node = new Node(0, "localhost", 9092);
        var partitions = new ArrayList<PartitionInfo>();
        topics.forEach((topic, n) -> {
            for (int p = 0; p < n; p++) {
                partitions.add(new PartitionInfo(topic, p, node, new Node[] {node}, new Node[] {node}));
            }
        });
        return new Cluster("test", List.of(node), partitions, Set.of(), Set.of());
    }
}
