package dev.sluice.sink.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Config;
import dev.sluice.api.Dataset;
import dev.sluice.api.Pair;
import dev.sluice.api.SluiceException;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.Time;
import dev.sluice.api.kafka.Kafka;
import dev.sluice.api.spi.GroupMembership;
import dev.sluice.api.spi.Sink;
import dev.sluice.kafka.GroupInputs;
import dev.sluice.kafka.testkit.KafkaBrokerExtension;
import dev.sluice.runtime.testkit.StreamTestKit;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code kafka} sink against a real KRaft broker: one transaction per batch, a batch written
 * again after a restart recognised and skipped, an earlier run's open transaction aborted.
 */
class TransactionalKafkaSinkTest {

    private static final AtomicInteger TOPICS = new AtomicInteger();

    /** The broker looks for transactions open past their timeout every 200 ms instead of every 10 s. */
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension(
            Map.of("transaction.abort.timed.out.transaction.cleanup.interval.ms", "200"));

    private static String newTopic(int partitions) throws Exception {
        String topic = "out-" + TOPICS.incrementAndGet();
        KAFKA.broker().createTopic(topic, partitions);
        return topic;
    }

    private static StreamTestKit kit() {
        return new StreamTestKit(new StreamingSettings("kafka-sink-test", Duration.ofSeconds(1), 2, null),
                StreamTestKit.plugins(Map.of(), Map.of(Kafka.TYPE, new KafkaSinkProvider())));
    }

    private static Config config(String topic) {
        return Config.of(Map.of(Kafka.BOOTSTRAP_SERVERS, KAFKA.broker().bootstrapServers(), Kafka.TOPIC, topic));
    }

    private static List<String> committed(String topic) {
        return KAFKA.broker().readCommitted(topic).stream().map(r -> r.key() + "=" + r.value()).sorted().toList();
    }

    @Test
    void shouldWriteEveryBatchOfAStreamWithItsKeysEachKeyToOnePartition() throws Exception {
        String topic = newTopic(3);
        try (var kit = kit()) {
            var input = kit.<Pair<String, Integer>>input();
            Kafka.save(input.stream(), KAFKA.broker().bootstrapServers(), topic);
            kit.start();
            input.add(List.of(Pair.of("a", 1), Pair.of("b", 2), Pair.of("c", 3)));
            input.add(List.of(Pair.of("a", 4), Pair.of("b", 5), Pair.of("c", 6)));
            kit.runBatches(2);
        }

        List<ConsumerRecord<String, String>> read = KAFKA.broker().readCommitted(topic);
        assertThat(read).extracting(r -> r.key() + "=" + r.value())
                .containsExactlyInAnyOrder("a=1", "b=2", "c=3", "a=4", "b=5", "c=6");
        Map<String, List<Integer>> partitionsByKey = read.stream().collect(Collectors.groupingBy(
                ConsumerRecord::key, Collectors.mapping(ConsumerRecord::partition, Collectors.toList())));
        partitionsByKey.values().forEach(p -> assertThat(p).hasSize(2).containsOnly(p.get(0)));
    }

    @Test
    void shouldStampEveryRecordWithItsBatchTime() throws Exception {
        String topic = newTopic(2);
        try (var kit = kit()) {
            Sink<Pair<String, String>> sink = new KafkaSinkProvider().createSink(config(topic));
            sink.write(kit.context().parallelize(List.of(Pair.of("a", "1"), Pair.of("b", "1"))), new Time(7000));
            sink.write(kit.context().parallelize(List.of(Pair.of("a", "2"))), new Time(8000));
            sink.close();
        }

        assertThat(KAFKA.broker().readCommitted(topic)).extracting(r -> r.key() + "=" + r.value() + "@"
                + r.timestamp()).containsExactlyInAnyOrder("a=1@7000", "b=1@7000", "a=2@8000");
    }

    @Test
    void shouldWriteTheStateChangesOfASharedStreamInTheTransactionOfItsBatch() throws Exception {
        String topic = newTopic(2);
        String changelog = newTopic(1);
        var committedBatches = new java.util.concurrent.CopyOnWriteArrayList<Long>();
        var refusedBatches = new java.util.concurrent.CopyOnWriteArrayList<Long>();
        GroupInputs.Taken reduced = new GroupInputs.Taken() {
            @Override
            public ConsumerGroupMetadata groupMetadata() {
                return new ConsumerGroupMetadata("sluice-state-sink");
            }

            @Override
            public Optional<Map<TopicPartition, OffsetAndMetadata>> offsetsAfter(long batchTime) {
                return Optional.of(Map.of());
            }

            @Override
            public List<ProducerRecord<byte[], byte[]>> recordsWith(long batchTime) {
                // batch 8000 removes key a, whose state batch 7000 wrote
                byte[] state = batchTime == 7000 ? bytes("a=1") : null;
                return List.of(new ProducerRecord<>(changelog, 0, bytes("a"), state),
                        new ProducerRecord<>(changelog, 0, bytes("b"), bytes("b=" + batchTime)));
            }

            @Override
            public void whileOwning(Set<TopicPartition> partitions, Runnable commit) {
                if (refusedBatches.isEmpty() && committedBatches.size() == 2) {
                    throw new CommitFailedException("a rebalance moved the key partitions on");
                }
                commit.run();
            }

            @Override
            public void committed(long batchTime) {
                committedBatches.add(batchTime);
            }

            @Override
            public void refused(long batchTime) {
                refusedBatches.add(batchTime);
            }
        };
        GroupInputs.register("state-sink", reduced);
        try (var kit = kit()) {
            Sink<Pair<String, String>> sink = new KafkaSinkProvider().createSink(config(topic)
                    .with(GroupMembership.SHARED_GROUP, "state-sink"));
            sink.write(kit.context().parallelize(List.of(Pair.of("a", "1"))), new Time(7000));
            sink.write(kit.context().parallelize(List.of(Pair.of("b", "1"))), new Time(8000));
            sink.write(kit.context().parallelize(List.of(Pair.of("b", "2"))), new Time(9000));
            sink.close();
        } finally {
            GroupInputs.unregister("state-sink", reduced);
        }

        assertThat(committedBatches).containsExactly(7000L, 8000L);
        assertThat(refusedBatches).containsExactly(9000L);
        assertThat(committed(topic)).containsExactly("a=1", "b=1");
        // the refused batch's output and state changes were aborted together; a tombstone reads as a null value
        assertThat(KAFKA.broker().readCommitted(changelog)).extracting(r -> r.key() + "=" + r.value())
                .containsExactly("a=a=1", "b=b=7000", "a=null", "b=b=8000");
    }

    /**
     * A shared stream's part whose commit Kafka does not confirm in time: the writing thread is
     * interrupted while it waits for the answer (Kafka's producer treats that as a timeout) and the
     * broker commits it. The sink waits for that same commit instead of aborting (which Kafka refuses
     * then) and writing the batch again: the batch is in the topic once and the next one follows.
     */
    @Test
    void shouldWaitForTheOutcomeOfACommitWhoseWaitWasCutShortAndWriteTheBatchOnce() throws Exception {
        String topic = newTopic(1);
        var member = new CommitCutShort("cut-short");
        GroupInputs.register(member.group, member);
        try (var kit = kit()) {
            Sink<Pair<String, String>> sink = new KafkaSinkProvider().createSink(config(topic)
                    .with(GroupMembership.SHARED_GROUP, member.group));
            writeAsTheRuntimeDoes(sink, kit.context().parallelize(List.of(Pair.of("a", "1"))), new Time(7000));
            assertThat(Thread.interrupted()).as("the interrupt kept for whoever asked for it").isTrue();
            writeAsTheRuntimeDoes(sink, kit.context().parallelize(List.of(Pair.of("b", "1"))), new Time(8000));
            sink.close();
        } finally {
            GroupInputs.unregister(member.group, member);
        }

        assertThat(committed(topic)).containsExactly("a=1", "b=1");
        assertThat(member.committed).containsExactly(7000L, 8000L);
        assertThat(member.refused).isEmpty();
    }

    /**
     * When Kafka does not confirm the commit within the sink's patience (none here), the part is
     * undecided: the sink does not write it again but sends the input back to the group's committed
     * offsets, which say whether Kafka committed it (here it did: the batch is there once).
     */
    @Test
    void shouldSendTheInputBackToTheCommittedOffsetsWhenABatchsCommitIsUndecided() throws Exception {
        String topic = newTopic(1);
        var member = new CommitCutShort("undecided");
        GroupInputs.register(member.group, member);
        try (var kit = kit()) {
            var sink = new TransactionalKafkaSink<Pair<String, String>>(KafkaSinkSettings.from(config(topic)),
                    member.group, Duration.ZERO);
            writeAsTheRuntimeDoes(sink, kit.context().parallelize(List.of(Pair.of("a", "1"))), new Time(7000));
            Thread.interrupted();
            writeAsTheRuntimeDoes(sink, kit.context().parallelize(List.of(Pair.of("b", "1"))), new Time(8000));
            sink.close();
        } finally {
            GroupInputs.unregister(member.group, member);
        }

        assertThat(committed(topic)).containsExactly("a=1", "b=1");
        assertThat(member.refused).containsExactly(7000L);
        assertThat(member.committed).containsExactly(8000L);
    }

    /** As the runtime's sink output writes a batch: a write that fails is tried again. */
    private static <T> void writeAsTheRuntimeDoes(Sink<T> sink, dev.sluice.api.Dataset<T> batch, Time time) {
        Exception last = null;
        for (int attempt = 0; attempt < 4; attempt++) {
            try {
                sink.write(batch, time);
                return;
            } catch (Exception e) {
                last = e;
            }
        }
        throw new AssertionError("batch " + time + " could not be written in 4 attempts", last);
    }

    /**
     * A member's input that owns everything and, in the first commit only, interrupts the writing
     * thread just before the commit: its wait for Kafka's answer ends unanswered.
     */
    private static final class CommitCutShort implements GroupInputs.Taken {
        final String group;
        final List<Long> committed = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<Long> refused = new java.util.concurrent.CopyOnWriteArrayList<>();
        private boolean cut;

        CommitCutShort(String group) {
            this.group = group;
        }

        @Override
        public ConsumerGroupMetadata groupMetadata() {
            return new ConsumerGroupMetadata("sluice-" + group);
        }

        @Override
        public Optional<Map<TopicPartition, OffsetAndMetadata>> offsetsAfter(long batchTime) {
            return Optional.of(Map.of());
        }

        @Override
        public void whileOwning(Set<TopicPartition> partitions, Runnable commit) {
            if (!cut) {
                cut = true;
                Thread.currentThread().interrupt();
            }
            commit.run();
        }

        @Override
        public void committed(long batchTime) {
            committed.add(batchTime);
        }

        @Override
        public void refused(long batchTime) {
            refused.add(batchTime);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A function failing with an error of its own, not an exception, fails its batch only: the next is written. */
    @Test
    void shouldAbortTheTransactionOfABatchWhoseFunctionFailsWithAnErrorAndWriteTheNext() throws Exception {
        String topic = newTopic(1);
        try (var kit = kit()) {
            Sink<Pair<String, String>> sink = new KafkaSinkProvider().createSink(config(topic));
            var failing = kit.context().parallelize(List.of("a", "b")).<Pair<String, String>>map(v -> {
                if (v.equals("b")) {
                    throw new AssertionError("b is not allowed");
                }
                return Pair.of("k", v);
            });
            assertThatThrownBy(() -> sink.write(failing, new Time(1000))).isInstanceOf(AssertionError.class);
            sink.write(kit.context().parallelize(List.of(Pair.of("k", "batch2"))), new Time(2000));
            sink.close();
        }

        assertThat(committed(topic)).containsExactly("k=batch2");
    }

    @Test
    void shouldRecogniseAndSkipABatchAlreadyCommittedWhenARestartedRunWritesItAgain() throws Exception {
        String topic = newTopic(1);
        try (var kit = kit()) {
            Sink<Pair<String, String>> first = new KafkaSinkProvider().createSink(config(topic));
            first.write(kit.context().parallelize(List.of(Pair.of("k", "batch1"))), new Time(1000));
            first.close();

            Sink<Pair<String, String>> restarted = new KafkaSinkProvider().createSink(config(topic));
            restarted.write(kit.context().parallelize(List.of(Pair.of("k", "batch1 again"))), new Time(1000));
            restarted.write(kit.context().parallelize(List.of(Pair.of("k", "batch2"))), new Time(2000));
            restarted.close();
        }

        assertThat(committed(topic)).containsExactly("k=batch1", "k=batch2");
    }

    @Test
    void shouldAbortTheOpenTransactionOfAKilledRunSoThatOnlyUncommittedReadersSeeIt() throws Exception {
        String topic = newTopic(1);
        var props = KAFKA.broker().clientProperties();
        props.put("transactional.id", "sluice-" + topic + "-" + TransactionalKafkaSink.WRITER);
        // a run killed in the middle of batch 1000: its transaction is open, its records in the log
        var killed = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        killed.initTransactions();
        killed.beginTransaction();
        killed.send(new ProducerRecord<>(topic, "k", "half of batch1")).get();

        try (var kit = kit()) {
            Sink<Pair<String, String>> restarted = new KafkaSinkProvider().createSink(config(topic));
            restarted.write(kit.context().parallelize(List.of(Pair.of("k", "batch1"))), new Time(1000));
            restarted.close();
        } finally {
            killed.close(Duration.ZERO);
        }

        assertThat(committed(topic)).containsExactly("k=batch1");
        assertThat(KAFKA.broker().readAll(topic, "read_uncommitted")).extracting(ConsumerRecord::value)
                .containsExactly("half of batch1", "batch1");
    }

    @Test
    void shouldFailWithTheFixWhenAnotherWriterTookOverItsTransactionalId() throws Exception {
        String topic = newTopic(1);
        try (var kit = kit()) {
            Sink<String> first = new KafkaSinkProvider().createSink(config(topic));
            first.write(kit.context().parallelize(List.of("one")), new Time(1000));
            Sink<String> second = new KafkaSinkProvider().createSink(config(topic));
            second.write(kit.context().parallelize(List.of("two")), new Time(2000));

            assertThatThrownBy(() -> first.write(kit.context().parallelize(List.of("three")), new Time(3000)))
                    .isInstanceOf(SluiceException.class)
                    .hasMessageContaining("another writer took over transactional id 'sluice-" + topic + "-0'")
                    .hasMessageContaining("give each output its own transactionalId");
            first.close();
            second.close();
        }

        assertThat(committed(topic)).containsExactly("null=one", "null=two");
    }

    @Test
    void shouldSayKafkaAbortedABatchWhoseTransactionOutlivedItsTimeoutAndWriteItOnTheRetry() throws Exception {
        String topic = newTopic(1);
        var config = Config.of(Map.of(Kafka.BOOTSTRAP_SERVERS, KAFKA.broker().bootstrapServers(), Kafka.TOPIC, topic,
                "kafka.transaction.timeout.ms", "1000"));
        String transactionalId = "sluice-" + topic + "-" + TransactionalKafkaSink.WRITER;
        try (var kit = kit(); Admin admin = Admin.create(KAFKA.broker().clientProperties())) {
            Sink<String> sink = new KafkaSinkProvider().createSink(config);
            // a batch whose computation outlasts the transaction timeout: the broker aborts it meanwhile
            Dataset<String> slow = kit.context().parallelize(List.of("a", "slow", "b")).coalesce(1).map(word -> {
                if (word.equals("slow")) {
                    awaitAborted(admin, transactionalId);
                }
                return word;
            });
            assertThatThrownBy(() -> sink.write(slow, new Time(1000)))
                    .isInstanceOf(SluiceException.class)
                    .hasMessageContaining("Kafka aborted batch 1000 ms's transaction to topic " + topic)
                    .hasMessageContaining("longer than the output's transaction.timeout.ms (1000 ms)")
                    .hasMessageContaining("raise kafka.transaction.timeout.ms")
                    .hasMessageNotContaining("another writer");

            sink.write(kit.context().parallelize(List.of("a", "slow", "b")), new Time(1000));
            sink.close();
        }

        assertThat(committed(topic)).containsExactly("null=a", "null=b", "null=slow");
    }

    /** Waits until the transaction of {@code transactionalId} is open, then until the broker has aborted it. */
    private static void awaitAborted(Admin admin, String transactionalId) {
        StreamTestKit.await("transaction " + transactionalId + " open",
                () -> state(admin, transactionalId) == TransactionState.ONGOING);
        StreamTestKit.await("the broker's abort of transaction " + transactionalId,
                () -> state(admin, transactionalId) != TransactionState.ONGOING);
    }

    private static TransactionState state(Admin admin, String transactionalId) {
        try {
            return admin.describeTransactions(List.of(transactionalId)).description(transactionalId).get().state();
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void shouldRefuseAnOutputWithoutATopicNamingTheKey() {
        var config = Config.of(new HashMap<>(Map.of(Kafka.BOOTSTRAP_SERVERS, "localhost:9092")));
        assertThatThrownBy(() -> new KafkaSinkProvider().createSink(config))
                .hasMessage("missing topic: the Kafka topic a Kafka output writes to");
    }
}
