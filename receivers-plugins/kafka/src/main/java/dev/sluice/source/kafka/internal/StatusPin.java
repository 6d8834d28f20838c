package dev.sluice.source.kafka.internal;

import dev.sluice.api.management.GroupView;
import dev.sluice.api.management.MemberReport;
import dev.sluice.api.spi.GroupStatusBoard;
import dev.sluice.kafka.GroupInputs;
import dev.sluice.kafka.KafkaCalls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member's place on its group's status topic. Posts go out without waiting (a report Kafka
 * does not take is replaced by the next one a second later). A thread of its own creates the
 * topic, follows it from its beginning (the latest report of every member, and the tombstones of
 * those that left), and, while someone looks at the view (asked for in the last minute), describes
 * the group's consumer groups every second, so that a view never waits for Kafka and Kafka is not
 * asked when no one looks: the first view after a quiet spell shows the members as they reported
 * and says the partitions are being described (the view is asked for under the stream manager's
 * lock, where no wait is bounded enough); the next one, a second later, has them. When Kafka does
 * not answer, the view says so and shows what it last saw.
 */
final class StatusPin implements GroupStatusBoard.Pin {

    private static final Logger LOG = LoggerFactory.getLogger(StatusPin.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration DESCRIBE_EVERY = Duration.ofSeconds(1);
    private static final long ADMIN_TIMEOUT_SECONDS = 5;
    /** How long after a view the consumer groups are still described. */
    static final Duration WATCHED_FOR = Duration.ofMinutes(1);
    /** A description older than this (no one looked for a while) is not shown as the group's state. */
    private static final Duration FRESH_FOR = Duration.ofSeconds(3 * ADMIN_TIMEOUT_SECONDS);
    /**
     * A member killed long ago drops off: its last report leaves the view, and the topic, after a
     * day (live members post every second, so theirs never get that old).
     */
    private static final Duration FORGOTTEN_AFTER = Duration.ofDays(1);
    private static final Map<String, String> TOPIC_CONFIG = Map.of("cleanup.policy", "compact,delete",
            "retention.ms", String.valueOf(FORGOTTEN_AFTER.toMillis()),
            "segment.ms", String.valueOf(Duration.ofHours(1).toMillis()));

    private final String group;
    private final String member;
    private final GroupSettings settings;
    private final String topic;
    private final Admin admin;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final Map<String, GroupViews.Posted> reports = new ConcurrentHashMap<>();
    private volatile Optional<GroupViews.Described> described = Optional.empty();
    /** Why Kafka cannot be asked, as of the last try; null when it answered. */
    private volatile String unanswered;
    private final Duration watchedFor;
    /** When a view was last asked for ({@link System#nanoTime}); far in the past until the first. */
    private volatile long viewedAt;
    /** Descriptions asked of Kafka, for the tests: none while no one looks. */
    private final AtomicLong descriptions = new AtomicLong();
    private volatile boolean ready;
    private volatile boolean closed;

    StatusPin(String group, String member, GroupSettings settings) {
        this(group, member, settings, WATCHED_FOR);
    }

    /** Describes the consumer groups for {@code watchedFor} after each view. */
    StatusPin(String group, String member, GroupSettings settings, Duration watchedFor) {
        this.watchedFor = watchedFor;
        this.viewedAt = System.nanoTime() - watchedFor.toNanos() - 1;
        this.group = group;
        this.member = member;
        this.settings = settings;
        this.topic = "sluice-status-" + group;
        var common = Map.<String, Object>of("bootstrap.servers", settings.brokers(), "client.id", member + "-status");
        this.admin = Admin.create(common);
        var producing = new HashMap<>(common);
        // a report that waits is worth less than the next one: never hold the poster long
        producing.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
        producing.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        producing.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        this.producer = new KafkaProducer<>(producing, new StringSerializer(), new ByteArraySerializer());
        var reading = new HashMap<>(common);
        reading.put("enable.auto.commit", false);
        this.consumer = new KafkaConsumer<>(reading, new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::follow, "sluice-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void post(MemberReport report) {
        if (closed || !ready) {
            return;
        }
        // in a stream the group shares, the member id Kafka gave this member ties its partitions to its name
        Optional<String> consumerId = GroupInputs.of(group).map(t -> t.groupMetadata().memberId())
                .filter(id -> !id.isBlank());
        producer.send(new ProducerRecord<>(topic, member, new StatusRecord(report, consumerId).encode()));
    }

    @Override
    public GroupView view() {
        viewedAt = System.nanoTime();
        long now = System.currentTimeMillis();
        // one no one looked at for a while is old news: the follow thread describes the groups anew now
        Optional<GroupViews.Described> fresh = described.filter(d -> now - d.at() <= FRESH_FOR.toMillis());
        Optional<String> problem;
        if (!ready) {
            problem = Optional.of("the members' status (topic " + topic + ") is not read yet"
                    + (unanswered == null ? "" : ": " + unanswered));
        } else if (unanswered != null) {
            fresh = described;
            problem = Optional.of(unanswered + described.map(d -> "; members and partitions as Kafka last told them, "
                    + Math.max(0, (now - d.at()) / 1000) + " s ago")
                    .orElse("; partitions unknown"));
        } else if (fresh.isEmpty()) {
            problem = Optional.of("describing the group's consumer groups (only while someone looks): members as they"
                    + " reported, partitions in a second");
        } else {
            problem = Optional.empty();
        }
        reports.values().removeIf(p -> now - p.at() > FORGOTTEN_AFTER.toMillis());
        return GroupViews.of(group, member, now, settings.sessionTimeout(), Map.copyOf(reports), fresh, problem);
    }

    /** Whether a view was asked for within {@link #watchedFor}. */
    private boolean watched() {
        return System.nanoTime() - viewedAt <= watchedFor.toNanos();
    }

    long descriptions() {
        return descriptions.get();
    }

    /** The members whose reports this pin has read, without counting as a look. */
    java.util.Set<String> reporters() {
        return java.util.Set.copyOf(reports.keySet());
    }

    private void follow() {
        Thread.currentThread().setContextClassLoader(KafkaCalls.LOADER);
        long describedAt = 0;
        try {
            while (!closed) {
                try {
                    if (!ready) {
                        createTopic();
                        var partition = new TopicPartition(topic, 0);
                        consumer.assign(List.of(partition));
                        consumer.seekToBeginning(List.of(partition));
                        ready = true;
                    }
                    consumer.poll(POLL).forEach(this::read);
                    if (!watched()) {
                        unanswered = null; // asked again when someone looks; a failure of then is not news
                    } else if (System.currentTimeMillis() - describedAt >= DESCRIBE_EVERY.toMillis()) {
                        describedAt = System.currentTimeMillis();
                        descriptions.incrementAndGet();
                        described = Optional.of(describe());
                        unanswered = null;
                    }
                } catch (WakeupException e) {
                    break; // closing
                } catch (KafkaException | ExecutionException | TimeoutException e) {
                    if (closed) {
                        break; // the admin client was closed under a call
                    }
                    Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                    if (unanswered == null) {
                        LOG.warn("Group {}: Kafka at {} cannot be asked for the members' status: {}", group,
                                settings.brokers(), cause.toString());
                    }
                    unanswered = "Kafka at " + settings.brokers() + " cannot be asked (" + cause + ")";
                    if (!ready) {
                        Thread.sleep(POLL.toMillis()); // the topic is tried again shortly
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    private void read(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            reports.remove(record.key()); // the member left
            return;
        }
        Optional<StatusRecord> status;
        try {
            status = Optional.of(StatusRecord.decode(record.value()));
        } catch (IllegalArgumentException e) {
            LOG.warn("Group {}: the status of {} cannot be read ({}); it shows without it", group, record.key(),
                    e.getMessage());
            status = Optional.empty();
        }
        reports.put(record.key(), new GroupViews.Posted(status, record.timestamp()));
    }

    private void createTopic() throws ExecutionException, TimeoutException, InterruptedException {
        try {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty()).configs(TOPIC_CONFIG)))
                    .all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /** Both consumer groups of the group: the seats of a stream that runs on one member, the sharers of one that runs on all. */
    private GroupViews.Described describe() throws ExecutionException, TimeoutException, InterruptedException {
        String seats = "sluice-group-" + group;
        String sharing = "sluice-" + group;
        DescribeConsumerGroupsResult result = admin.describeConsumerGroups(List.of(seats, sharing));
        return new GroupViews.Described(consumers(result, seats), consumers(result, sharing), System.currentTimeMillis());
    }

    private static List<GroupViews.Consumer> consumers(DescribeConsumerGroupsResult result, String group)
            throws ExecutionException, TimeoutException, InterruptedException {
        ConsumerGroupDescription description;
        try {
            description = result.describedGroups().get(group).get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return List.of(); // that kind of stream does not run in this group
            }
            throw e;
        }
        var consumers = new ArrayList<GroupViews.Consumer>();
        for (MemberDescription m : description.members()) {
            consumers.add(new GroupViews.Consumer(m.consumerId(), m.clientId(), m.host(),
                    m.assignment().topicPartitions().stream().map(TopicPartition::toString).toList()));
        }
        return consumers;
    }

    /**
     * Takes this member's report off the topic (a tombstone): the others see it left, not that it
     * went silent. Called while the stream stops, so it waits little when Kafka does not answer.
     */
    @Override
    public void close() {
        closed = true;
        if (ready) {
            producer.send(new ProducerRecord<>(topic, member, null), (metadata, e) -> {
                if (e != null) {
                    LOG.warn("Group {}: could not take this member's status off {} ({}); the others will see it"
                            + " silent", group, topic, e.toString());
                }
            });
        }
        producer.close(unanswered == null ? Duration.ofSeconds(5) : Duration.ofSeconds(1));
        consumer.wakeup();
        admin.close(Duration.ZERO); // a describe or topic creation under way ends at once
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
