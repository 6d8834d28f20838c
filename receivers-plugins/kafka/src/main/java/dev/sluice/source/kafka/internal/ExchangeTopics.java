package dev.sluice.source.kafka.internal;

import dev.sluice.api.SluiceException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topics of a group's key exchange, made when the first member starts: the repartition topics
 * (as many partitions as the input topic with the most) and the compacted changelogs of the stages
 * keeping state (a partition per key partition), or checked when another member made them.
 */
final class ExchangeTopics {

    private static final Logger LOG = LoggerFactory.getLogger(ExchangeTopics.class);
    /** How long a topic made by another member may stay unknown to the broker this one asks. */
    private static final Duration TOPIC_KNOWN_WAIT = Duration.ofSeconds(10);

    private ExchangeTopics() {
    }

    /** Makes the repartition topics {@code keyTopics} that do not exist yet; each one's partition count. */
    static Map<String, Integer> ensureRepartition(Admin admin, KafkaSourceSettings settings,
                                                     java.util.Collection<String> keyTopics) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            int inputPartitions = 0;
            var inputs = existing.stream().filter(t -> settings.topicPattern().isPresent()
                    ? !t.startsWith("__") && settings.topicPattern().get().matcher(t).matches()
                    : settings.topics().contains(t)).toList();
            for (TopicDescription d : admin.describeTopics(inputs).allTopicNames().get().values()) {
                inputPartitions = Math.max(inputPartitions, d.partitions().size());
            }
            var missing = keyTopics.stream().filter(t -> !existing.contains(t)).toList();
            if (!missing.isEmpty()) {
                if (inputPartitions == 0) {
                    throw new SluiceException("a shared stream with keyed stages sizes its repartition topics "
                            + missing + " by its input, but " + settings.subscription() + " has no partitions yet:"
                            + " create the input topic first, or the repartition topics yourself");
                }
                int n = inputPartitions;
                try {
                    admin.createTopics(missing.stream().map(t -> new NewTopic(t, Optional.of(n), Optional.empty()))
                            .toList()).all().get();
                    LOG.info("Created the repartition topics {} with {} partitions each", missing, n);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            var counts = new HashMap<String, Integer>();
            describe(admin, keyTopics).forEach((t, d) -> counts.put(t, d.partitions().size()));
            return counts;
        } catch (ExecutionException e) {
            throw new SluiceException("the repartition topics " + keyTopics + " cannot be made or described at "
                    + settings.clientProperties().get("bootstrap.servers") + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SluiceException("interrupted while making the repartition topics " + keyTopics, e);
        }
    }

    /**
     * Describes {@code topics}, waiting a little while one another member made a moment ago is not
     * known to the broker answering yet (its metadata is still on its way).
     */
    private static Map<String, TopicDescription> describe(Admin admin, java.util.Collection<String> topics)
            throws ExecutionException, InterruptedException {
        return onceKnown(() -> admin.describeTopics(topics).allTopicNames().get());
    }

    /** An admin call about a topic, that may find it not known to the broker answering yet. */
    @FunctionalInterface
    private interface TopicCall<T> {
        T call() throws ExecutionException, InterruptedException;
    }

    /** Makes {@code call}, again while its topic is not known yet, for up to {@link #TOPIC_KNOWN_WAIT}. */
    private static <T> T onceKnown(TopicCall<T> call) throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + TOPIC_KNOWN_WAIT.toNanos();
        while (true) {
            try {
                return call.call();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(TOPIC_KNOWN_WAIT.toMillis() / 100);
            }
        }
    }

    /** Makes {@code topic} compacted with {@code partitions} partitions, or checks that the one there has enough. */
    static void ensureChangelog(Admin admin, String topic, int partitions) {
        try {
            try {
                admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())
                        .configs(ChangelogTopic.TOPIC_CONFIG)))
                        .all().get();
                LOG.info("Created the changelog topic {} with {} partitions (compacted)", topic, partitions);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            // made earlier (or by another member just now): it must hold a partition per key partition
            int existing = describe(admin, List.of(topic)).get(topic).partitions().size();
            if (existing < partitions) {
                throw new SluiceException("the changelog topic " + topic + " has " + existing + " partitions, fewer"
                        + " than the " + partitions + " key partitions of its stage, whose state lives in the changelog"
                        + " partition of the same number; delete " + topic + " (its state is lost) to have it made"
                        + " again");
            }
        } catch (ExecutionException e) {
            throw new SluiceException("the changelog topic " + topic + " cannot be made or described: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SluiceException("interrupted while making the changelog topic " + topic, e);
        }
    }

    /**
     * The changelog {@code topic}'s {@code delete.retention.ms}: how long compaction keeps a
     * tombstone, which bounds how old a snapshot of its state may be.
     */
    static Duration deleteRetention(Admin admin, String topic) {
        var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            var entry = onceKnown(() -> admin.describeConfigs(List.of(resource)).all().get()).get(resource)
                    .get(TopicConfig.DELETE_RETENTION_MS_CONFIG);
            return Duration.ofMillis(Long.parseLong(entry.value()));
        } catch (ExecutionException e) {
            throw new SluiceException("the configuration of the changelog topic " + topic + " cannot be described: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SluiceException("interrupted while describing the changelog topic " + topic, e);
        }
    }
}
