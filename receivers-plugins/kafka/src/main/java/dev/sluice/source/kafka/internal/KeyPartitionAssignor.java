package dev.sluice.source.kafka.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.TopicPartition;

/**
 * Kafka's cooperative sticky assignment, with key partition p of every repartition topic of a group
 * given to one member: a join reading two keyed stages gets both stages' part of a key from batches
 * reduced on one member, and when that member dies both move together, so the survivor gives both
 * stages' backlog in the same batch. The sticky assignor divides the input topics and the first
 * repartition topic; the others follow that one's partitions. A partition its former owner still
 * holds is given to no one until that owner has let it go (the cooperative protocol's rule).
 * Named apart from Kafka's: a group with members that do not have it uses Kafka's until all do.
 */
public final class KeyPartitionAssignor implements ConsumerPartitionAssignor {

    private final CooperativeStickyAssignor sticky = new CooperativeStickyAssignor();

    @Override
    public String name() {
        return "sluice-key-partitions";
    }

    @Override
    public List<RebalanceProtocol> supportedProtocols() {
        return sticky.supportedProtocols();
    }

    @Override
    public short version() {
        return sticky.version();
    }

    @Override
    public ByteBuffer subscriptionUserData(Set<String> topics) {
        return sticky.subscriptionUserData(topics);
    }

    @Override
    public void onAssignment(Assignment assignment, ConsumerGroupMetadata metadata) {
        sticky.onAssignment(assignment, metadata);
    }

    @Override
    public GroupAssignment assign(Cluster metadata, GroupSubscription group) {
        var keyTopics = new TreeSet<String>();
        group.groupSubscription().values().forEach(s -> s.topics().stream()
                .filter(GroupExchange::isRepartitionTopic).forEach(keyTopics::add));
        if (keyTopics.size() < 2) {
            return sticky.assign(metadata, group);
        }
        String lead = keyTopics.first();
        Integer leadPartitions = metadata.partitionCountForTopic(lead);
        if (leadPartitions == null) {
            return sticky.assign(metadata, group);
        }
        var led = new HashMap<String, Subscription>();
        var holder = new HashMap<TopicPartition, String>();
        group.groupSubscription().forEach((member, s) -> {
            s.ownedPartitions().forEach(tp -> holder.put(tp, member));
            led.put(member, new Subscription(s.topics().stream().filter(t -> !followsLead(t, lead)).toList(),
                    s.userData(), s.ownedPartitions().stream().filter(tp -> !followsLead(tp.topic(), lead)).toList(),
                    s.generationId().orElse(-1), s.rackId()));
        });
        Map<String, Assignment> assigned = sticky.assign(metadata, new GroupSubscription(led)).groupAssignment();
        var result = new HashMap<String, Assignment>();
        assigned.forEach((member, a) -> {
            Set<String> subscribed = new HashSet<>(group.groupSubscription().get(member).topics());
            var partitions = new ArrayList<>(a.partitions());
            for (TopicPartition tp : a.partitions()) {
                if (!tp.topic().equals(lead)) {
                    continue;
                }
                for (String follower : keyTopics.tailSet(lead, false)) {
                    Integer count = metadata.partitionCountForTopic(follower);
                    if (count == null || !subscribed.contains(follower)) {
                        continue;
                    }
                    // a follower's partitions past the lead's count go with lead partition p mod count
                    for (int p = tp.partition(); p < count; p += leadPartitions) {
                        var follows = new TopicPartition(follower, p);
                        String holding = holder.get(follows);
                        if (holding == null || holding.equals(member)) {
                            partitions.add(follows);
                        }
                    }
                }
            }
            result.put(member, new Assignment(partitions, a.userData()));
        });
        return new GroupAssignment(result);
    }

    private static boolean followsLead(String topic, String lead) {
        return GroupExchange.isRepartitionTopic(topic) && !topic.equals(lead);
    }
}
