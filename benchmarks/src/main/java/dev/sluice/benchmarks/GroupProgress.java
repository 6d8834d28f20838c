package dev.sluice.benchmarks;

import dev.sluice.api.Config;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Watches a group of Sluice containers drain a filled topic, from the offsets their output's
 * transactions commit in the group's consumer group ({@code sluice-GROUP}): the group's throughput
 * is the records committed between 10% and 90% of the topic over the time that took (start-up and
 * the last batches are left out). With {@code kill=PID} it SIGKILLs that member when 40% are
 * committed and measures the takeover: the time until every partition that still had records to go
 * has committed more than it had at the kill, the dead member's included.
 *
 * <p>Arguments {@code key=value}: {@code brokers}, {@code group} (the Sluice group's name),
 * {@code topic} (words), {@code out} (the output topic, created here, as the broker creates no
 * topic by itself), {@code kill} (a pid), {@code timeout} (10m). Prints {@code GROUP
 * records=.. records_per_s=.. [takeover_ms=..]} and exits 1 if the topic is not drained in time.
 */
public final class GroupProgress {

    private static final Duration POLL = Duration.ofMillis(100);

    private GroupProgress() {
    }

    public static void main(String[] args) throws Exception {
        Config config = Config.parse(Arrays.asList(args));
        String consumerGroup = "sluice-" + config.string("group");
        String topic = config.string("topic", "words");
        Optional<ProcessHandle> victim = config.get("kill").map(Long::parseLong).flatMap(ProcessHandle::of);
        long deadline = System.nanoTime() + config.duration("timeout", Duration.ofMinutes(10)).toNanos();
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", config.string("brokers")))) {
            admin.createTopics(List.of(new NewTopic(config.string("out"), Optional.empty(), Optional.empty())))
                    .all().get();
            Map<TopicPartition, Long> ends = ends(admin, topic);
            long total = ends.values().stream().mapToLong(Long::longValue).sum();
            long t10 = -1;
            long t90 = -1;
            Map<TopicPartition, Long> atKill = null;
            long killedAt = -1;
            long takeover = -1;
            while (t90 < 0 || (victim.isPresent() && takeover < 0)) {
                if (System.nanoTime() > deadline) {
                    System.out.println("GROUP failed: not drained in time (" + committed(admin, consumerGroup, ends)
                            + ")");
                    System.exit(1);
                }
                Map<TopicPartition, Long> now = committed(admin, consumerGroup, ends);
                long done = now.values().stream().mapToLong(Long::longValue).sum();
                long t = System.nanoTime();
                if (t10 < 0 && done >= total / 10) {
                    t10 = t;
                }
                if (t90 < 0 && done >= total * 9 / 10) {
                    t90 = t;
                }
                if (victim.isPresent() && atKill == null && done >= total * 4 / 10) {
                    victim.get().destroyForcibly();
                    killedAt = t;
                    atKill = now;
                    System.out.println("killed member " + victim.get().pid() + " with " + done + " of " + total
                            + " records committed");
                }
                if (atKill != null && takeover < 0 && movedOn(atKill, now, ends)) {
                    takeover = t - killedAt;
                }
                TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
            }
            long measured = total * 9 / 10 - total / 10;
            double seconds = (t90 - t10) / 1e9;
            System.out.printf("GROUP records=%d records_per_s=%.0f%s%n", total, measured / seconds,
                    takeover < 0 ? "" : " takeover_ms=" + TimeUnit.NANOSECONDS.toMillis(takeover));
        }
    }

    /** Whether every partition short of its end at the kill has committed more since. */
    private static boolean movedOn(Map<TopicPartition, Long> atKill, Map<TopicPartition, Long> now,
            Map<TopicPartition, Long> ends) {
        return ends.keySet().stream().allMatch(tp -> atKill.get(tp) >= ends.get(tp) || now.get(tp) > atKill.get(tp));
    }

    private static Map<TopicPartition, Long> ends(Admin admin, String topic) throws Exception {
        var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
        var specs = new HashMap<TopicPartition, OffsetSpec>();
        partitions.forEach(p -> specs.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        var ends = new HashMap<TopicPartition, Long>();
        admin.listOffsets(specs).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /** The group's committed offset of each of {@code ends}' partitions; 0 where none is committed yet. */
    private static Map<TopicPartition, Long> committed(Admin admin, String group, Map<TopicPartition, Long> ends)
            throws Exception {
        Map<TopicPartition, OffsetAndMetadata> found = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        var offsets = new HashMap<TopicPartition, Long>();
        for (TopicPartition tp : ends.keySet()) {
            OffsetAndMetadata at = found.get(tp);
            offsets.put(tp, at == null ? 0L : at.offset());
        }
        return offsets;
    }
}
