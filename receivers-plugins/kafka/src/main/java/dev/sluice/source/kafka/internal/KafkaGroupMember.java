package dev.sluice.source.kafka.internal;

import dev.sluice.api.SluiceException;
import dev.sluice.api.spi.GroupMembership;
import dev.sluice.kafka.KafkaCalls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One container's membership: a consumer of the group's one-partition topic, polled by a thread
 * of its own so that Kafka keeps it in the group; whoever holds the partition leads. While someone
 * asks for the members (in the last minute, as {@link StatusPin} does for the group's view), the same
 * thread has the group described about once a second, without waiting for the answer, and
 * {@link #members()} gives the latest answer: {@code stream:status} asks it under the stream
 * manager's lock, where a call to an unreachable Kafka would hold every other command up.
 */
final class KafkaGroupMember implements GroupMembership.Member {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaGroupMember.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long ADMIN_TIMEOUT_SECONDS = 10;
    private static final Duration DESCRIBE_EVERY = Duration.ofSeconds(1);
    /** How long a description may take before the members count as unknown. */
    private static final Duration DESCRIBE_TIMEOUT = Duration.ofSeconds(5);

    private final String topic;
    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final GroupMembership.Leadership leadership;
    private final Thread thread;
    private volatile boolean closed;
    /** The members as the latest description that Kafka answered named them. */
    private volatile List<String> members = List.of();
    /** Why the latest description failed; null when Kafka answered it. */
    private volatile String unanswered;
    private final AtomicBoolean describing = new AtomicBoolean();
    private long lastDescribed;
    /** When the members were last asked for ({@link System#nanoTime}); far in the past until the first time. */
    private volatile long askedAt = System.nanoTime() - StatusPin.WATCHED_FOR.toNanos() - 1;

    KafkaGroupMember(String topic, Map<String, Object> common, Duration session, GroupMembership.Leadership leadership) {
        this.topic = topic;
        this.leadership = leadership;
        this.admin = Admin.create(common);
        createTopic();
        var properties = new HashMap<>(common);
        properties.put("group.id", topic);
        properties.put("session.timeout.ms", (int) session.toMillis());
        properties.put("heartbeat.interval.ms", (int) Math.max(100, session.toMillis() / 3));
        properties.put("enable.auto.commit", false);
        properties.put("auto.offset.reset", "latest");
        // sticky and cooperative: a member joining or leaving never moves the partition from a live
        // leader, where the default (range, eager) revokes it on every rebalance and may hand it over
        properties.put("partition.assignment.strategy", CooperativeStickyAssignor.class.getName());
        this.consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::pollUntilClosed, "sluice-" + topic);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void createTopic() {
        try {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())))
                    .all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                admin.close();
                throw new SluiceException("cannot create the group's topic " + topic + ": " + e.getCause().getMessage()
                        + "; check group.brokers and that this client may create topics", e.getCause());
            }
        } catch (TimeoutException e) {
            admin.close();
            throw new SluiceException("no answer from Kafka within " + ADMIN_TIMEOUT_SECONDS + " s creating the"
                    + " group's topic " + topic + "; check group.brokers", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admin.close();
            throw new SluiceException("interrupted while joining group topic " + topic, e);
        }
    }

    private void pollUntilClosed() {
        Thread.currentThread().setContextClassLoader(KafkaCalls.LOADER);
        try {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    if (!partitions.isEmpty()) {
                        leadership.revoked();
                    }
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    onPartitionsRevoked(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    if (!partitions.isEmpty()) {
                        leadership.elected();
                    }
                }
            });
            while (!closed) {
                consumer.poll(POLL);
                describeWhenDue();
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("Membership of {} failed; this container leaves the group: {}", topic, e.getMessage(), e);
            leadership.revoked();
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** The members as Kafka last described them, the leader first; what was last seen while Kafka does not answer. */
    @Override
    public List<String> members() {
        askedAt = System.nanoTime();
        return members;
    }

    /** Why Kafka did not answer the latest description; empty when it did. */
    Optional<String> unanswered() {
        return Optional.ofNullable(unanswered);
    }

    /**
     * Starts a description of the group, unless no one asked for the members lately, one is under way
     * or the last one is recent; never waits for it.
     */
    private void describeWhenDue() {
        long now = System.nanoTime();
        if (now - askedAt > StatusPin.WATCHED_FOR.toNanos() || now - lastDescribed < DESCRIBE_EVERY.toNanos()
                || !describing.compareAndSet(false, true)) {
            return;
        }
        lastDescribed = now;
        admin.describeConsumerGroups(List.of(topic),
                        new DescribeConsumerGroupsOptions().timeoutMs((int) DESCRIBE_TIMEOUT.toMillis()))
                .all().whenComplete((groups, failure) -> {
                    if (failure == null) {
                        members = leaderFirst(groups.get(topic));
                        unanswered = null;
                    } else {
                        unanswered = failure.toString();
                    }
                    describing.set(false);
                });
    }

    private static List<String> leaderFirst(ConsumerGroupDescription group) {
        var leaders = new ArrayList<String>();
        var others = new ArrayList<String>();
        for (MemberDescription m : group.members()) {
            (m.assignment().topicPartitions().isEmpty() ? others : leaders).add(m.clientId());
        }
        others.sort(null);
        leaders.addAll(others);
        return List.copyOf(leaders);
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close(Duration.ofSeconds(5));
    }
}
