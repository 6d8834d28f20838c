package dev.sluice.source.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Config;
import dev.sluice.api.Time;
import dev.sluice.api.kafka.Kafka;
import dev.sluice.api.kafka.KafkaRecord;
import dev.sluice.api.spi.GroupMembership;
import dev.sluice.api.spi.InputSplit;
import dev.sluice.api.spi.KeyExchange;
import dev.sluice.kafka.testkit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A running count kept per key partition by two members of a group on a real broker, as the
 * engine keeps updateStateByKey's state: each member holds the counts of the key partitions it
 * owns and writes each batch's changed counts to the changelog in the transaction that commits the
 * key partitions' offsets, as the Kafka output does. When one member leaves, the other restores its
 * key partitions' counts from the changelog and goes on from them; when a transaction is aborted
 * (the group refused it), the member's counts go back to the changelog's, which never holds the
 * aborted changes. A restore that fails (the broker refuses to let the changelog be read) fails its
 * batch and has the key partitions read again from the committed progress, so a later batch restores
 * them and counts the failed batch's values once.
 */
class StateChangelogTest {

    /** With ACLs, so that a test can forbid reading a changelog; with none on a resource, everyone may use it. */
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension(Map.of(
            "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
            "allow.everyone.if.no.acl.found", "true"));

    private static final int PARTITIONS = 4;
    private static final String[] WORDS = RandomWords.ANIMALS;

    @Test
    void shouldMoveEachKeyPartitionsCountsWithItAndKeepNoAbortedChange() throws Exception {
        KAFKA.broker().createTopic("counted-lines", PARTITIONS);
        var totals = new TreeMap<String, Long>();
        sendWords("counted-lines", new Random(3), 150, totals);
        var config = Config.of(Map.of(Kafka.BOOTSTRAP_SERVERS, KAFKA.broker().bootstrapServers(),
                Kafka.TOPICS, "counted-lines", Kafka.STARTING_OFFSETS, "earliest",
                GroupMembership.SHARED_GROUP, "keeping", GroupMembership.SHARED_SESSION_TIMEOUT, "6s",
                KeyExchange.SHUFFLES, "counts", KeyExchange.STATE_SHUFFLES, "counts"));
        var a = new CountingMember(KAFKA.broker(), SourceTestKit.started(config));
        var b = new CountingMember(KAFKA.broker(), SourceTestKit.started(config));
        try {
            SourceTestKit.await("the input and key partitions divided between the two members",
                    () -> a.source.owned().size() + b.source.owned().size() == PARTITIONS
                            && !a.source.owned().isEmpty() && !b.source.owned().isEmpty()
                            && a.source.exchange().ownedKeyPartitions().size()
                            + b.source.exchange().ownedKeyPartitions().size() == PARTITIONS);
            var first = new CompletableFuture[] {a.batch(1000, true), b.batch(1000, true)};
            CompletableFuture.allOf(first).get(SourceTestKit.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(a.counts.keySet()).doesNotContainAnyElementsOf(b.counts.keySet());
            var merged = new TreeMap<>(a.counts);
            merged.putAll(b.counts);
            assertThat(merged).isEqualTo(totals);
            Map<String, String> changelogConfig = changelogConfig();
            assertThat(changelogConfig.get(TopicConfig.CLEANUP_POLICY_CONFIG)).as("the changelog is compacted")
                    .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
            assertThat(changelogConfig.get(TopicConfig.SEGMENT_BYTES_CONFIG))
                    .as("segments small enough for compaction to bound what a restore reads")
                    .isEqualTo(String.valueOf(16 << 20));

            Map<String, Long> countedByB = Map.copyOf(b.counts);
            b.source.stop();
            // every input partition too: a batch covers only the input partitions its member owned when it was planned
            SourceTestKit.await("A to own every input and key partition once B has left",
                    () -> a.source.owned().size() == PARTITIONS
                            && a.source.exchange().ownedKeyPartitions().size() == PARTITIONS);
            sendWords("counted-lines", new Random(5), 80, totals);
            a.batch(2000, true).get(SourceTestKit.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(a.restored).as("B's key partitions' counts, restored from the changelog")
                    .isEqualTo(countedByB);
            assertThat(a.counts).isEqualTo(totals);

            // batch 3's transaction is aborted: its counts were never committed, so batch 4 starts from batch 2's
            var beforeAbort = new TreeMap<>(totals);
            sendWords("counted-lines", new Random(7), 60, totals);
            a.batch(3000, false).get(SourceTestKit.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(a.counts).isEqualTo(totals);
            sendWords("counted-lines", new Random(9), 40, totals);
            a.batch(4000, true).get(SourceTestKit.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(a.restored).as("every key partition restored as of batch 2").isEqualTo(beforeAbort);
            assertThat(a.counts).as("batches 3 and 4 counted once, from batch 2's counts").isEqualTo(totals);
        } finally {
            a.source.stop();
            b.source.stop();
        }
    }

    @Test
    void shouldRestoreAKeyPartitionInALaterBatchWhenItsRestoreFails() throws Exception {
        KAFKA.broker().createTopic("restored-lines", PARTITIONS);
        String changelog = "sluice-restoring-changelog-counts";
        var totals = new TreeMap<String, Long>();
        sendWords("restored-lines", new Random(11), 120, totals);
        var config = Config.of(Map.of(Kafka.BOOTSTRAP_SERVERS, KAFKA.broker().bootstrapServers(),
                Kafka.TOPICS, "restored-lines", Kafka.STARTING_OFFSETS, "earliest",
                GroupMembership.SHARED_GROUP, "restoring", GroupMembership.SHARED_SESSION_TIMEOUT, "6s",
                KeyExchange.SHUFFLES, "counts", KeyExchange.STATE_SHUFFLES, "counts"));
        Map<String, Long> afterFirst = countOneBatchAlone(config, 1000).counts;
        assertThat(afterFirst).isEqualTo(totals);

        // the next member restores every key partition at its first batch, and the changelog cannot be read then
        var member = new CountingMember(KAFKA.broker(), SourceTestKit.started(config));
        try {
            awaitOwningAll(member);
            var denied = readDenied(changelog);
            try (var admin = Admin.create(KAFKA.broker().clientProperties())) {
                admin.createAcls(List.of(denied)).all().get();
                SourceTestKit.await("the broker to refuse reading the changelog", () -> !readable(changelog));
                sendWords("restored-lines", new Random(13), 60, totals);
                var failed = member.batch(2000, true);
                assertThatThrownBy(() -> failed.get(SourceTestKit.WAIT.toSeconds(), TimeUnit.SECONDS))
                        .as("the batch whose restore failed").hasStackTraceContaining("Not authorized to access topics");
                admin.deleteAcls(List.of(denied.toFilter())).all().get();
                SourceTestKit.await("the broker to let the changelog be read", () -> readable(changelog));
            }
            sendWords("restored-lines", new Random(17), 40, totals);
            member.batch(3000, true).get(SourceTestKit.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(member.restored).as("every key partition restored by the next batch, as of batch 1")
                    .isEqualTo(afterFirst);
            assertThat(member.counts).as("the failed batch's values read again and counted once, with batch 3's")
                    .isEqualTo(totals);
        } finally {
            member.source.stop();
        }
        var afterThird = new TreeMap<>(totals);
        sendWords("restored-lines", new Random(19), 20, totals);
        var last = countOneBatchAlone(config, 4000);
        assertThat(last.restored).as("the changelog after batch 3, restored by one more member").isEqualTo(afterThird);
        assertThat(last.counts).isEqualTo(totals);
    }

    /** A member of group {@code config} alone: it owns every partition, counts one batch and leaves. */
    private static CountingMember countOneBatchAlone(Config config, long time) throws Exception {
        var member = new CountingMember(KAFKA.broker(), SourceTestKit.started(config));
        try {
            awaitOwningAll(member);
            member.batch(time, true).get(SourceTestKit.WAIT.toSeconds(), TimeUnit.SECONDS);
            return member;
        } finally {
            member.source.stop();
        }
    }

    private static void awaitOwningAll(CountingMember member) throws InterruptedException {
        SourceTestKit.await("the member to own every input and key partition",
                () -> member.source.owned().size() == PARTITIONS
                        && member.source.exchange().ownedKeyPartitions().size() == PARTITIONS);
    }

    /** Reading {@code topic} denied to every client (all are anonymous here). */
    private static AclBinding readDenied(String topic) {
        return new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry("User:ANONYMOUS", "*", AclOperation.READ, AclPermissionType.DENY));
    }

    /** Whether a client may read {@code topic} from its beginning now. */
    private static boolean readable(String topic) {
        Properties props = KAFKA.broker().clientProperties();
        props.put("isolation.level", "read_committed");
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            consumer.poll(Duration.ofMillis(500));
            return true;
        } catch (TopicAuthorizationException e) {
            return false;
        }
    }

    private static Map<String, String> changelogConfig() throws Exception {
        try (var admin = Admin.create(KAFKA.broker().clientProperties())) {
            var resource = new ConfigResource(ConfigResource.Type.TOPIC, "sluice-keeping-changelog-counts");
            var description = admin.describeTopics(List.of(resource.name())).allTopicNames().get().get(resource.name());
            assertThat(description.partitions()).hasSize(PARTITIONS);
            var config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value(),
                    TopicConfig.SEGMENT_BYTES_CONFIG, config.get(TopicConfig.SEGMENT_BYTES_CONFIG).value());
        }
    }

    private static void sendWords(String topic, Random random, int n, Map<String, Long> totals) throws Exception {
        RandomWords.send(KAFKA.broker(), topic, PARTITIONS, WORDS, random, n).forEach((w, c) -> totals.merge(w, c, Long::sum));
    }
}
