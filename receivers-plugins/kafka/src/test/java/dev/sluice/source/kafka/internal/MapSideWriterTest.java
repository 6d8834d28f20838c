package dev.sluice.source.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.kafka.testkit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The map side's transaction on a real broker when Kafka does not confirm its commit in time: the
 * commit has been asked for (here the writing thread is interrupted while it waits for the answer,
 * which Kafka's producer treats as it treats a timeout) and the broker commits it. The part must
 * then be visible once: neither written again, which would double its keys, nor lost.
 */
class MapSideWriterTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final AtomicInteger GROUPS = new AtomicInteger();
    private static final int KEY_PARTITIONS = 2;

    /** Owns everything, and interrupts the writing thread just before the commit: its wait ends unanswered. */
    private static final MapSideWriter.Owning INTERRUPTED_WHILE_COMMITTING = (partitions, commit) -> {
        Thread.currentThread().interrupt();
        commit.run();
    };
    private static final MapSideWriter.Owning OWNS_ALL = (partitions, commit) -> commit.run();

    @Test
    void shouldWaitForTheOutcomeOfACommitWhoseWaitWasCutShortAndWriteThePartOnce() throws Exception {
        var exchange = exchange();
        try (var writer = new MapSideWriter(exchange.group, clientProperties())) {
            // a marker-only part first would be the same; this one carries chunks, as a batch's does
            writeAsTheRuntimeDoes(writer, exchange, 1000, Map.of(), INTERRUPTED_WHILE_COMMITTING);
            assertThat(Thread.interrupted()).as("the interrupt kept for whoever asked for it").isTrue();
            writeAsTheRuntimeDoes(writer, exchange, 2000, exchange.inputOffset(7, 2000), OWNS_ALL);
        }

        assertThat(chunks(exchange)).containsExactlyInAnyOrder("1000@0", "1000@1", "2000@0", "2000@1");
        assertThat(KAFKA.broker().committed(exchange.consumerGroup())).containsEntry(exchange.input,
                ExchangeProgress.input(7, 2000));
    }

    @Test
    void shouldSayAPartIsUndecidedWhenKafkaDoesNotConfirmItsCommitInTimeAndNotWriteItAgain() throws Exception {
        var exchange = exchange();
        // no patience: the first unanswered wait makes the part undecided
        try (var writer = new MapSideWriter(exchange.group, clientProperties(), Duration.ZERO)) {
            assertThatThrownBy(() -> writer.write(exchange.chunks(1000), 1000, exchange.keyTopics(), 1000,
                    List.of(exchange.input), Map.of(), exchange.metadata(), INTERRUPTED_WHILE_COMMITTING))
                    .isInstanceOf(MapSideWriter.UndecidedException.class)
                    .hasMessageStartingWith("batch 1000: Kafka did not confirm the transaction's commit within 0 s")
                    .hasMessageContaining("it may be committed or not")
                    .hasMessageContaining("this member cannot tell whether its part went to the key partitions of ["
                            + exchange.keyTopic + "], so it does not write it again");
            Thread.interrupted();
            // the writer goes on with a new producer, which settled the undecided transaction first
            writeAsTheRuntimeDoes(writer, exchange, 2000, exchange.inputOffset(3, 2000), OWNS_ALL);
        }

        // Kafka did commit the undecided part: it is there once, and the next one after it
        assertThat(chunks(exchange)).containsExactlyInAnyOrder("1000@0", "1000@1", "2000@0", "2000@1");
    }

    /** As the runtime writes a batch's part: a write that fails is tried again (the sink output's retries). */
    private static void writeAsTheRuntimeDoes(MapSideWriter writer, Exchange exchange, long batch,
                                              Map<TopicPartition, OffsetAndMetadata> offsets,
                                              MapSideWriter.Owning owning) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 4; attempt++) {
            try {
                writer.write(exchange.chunks(batch), batch, exchange.keyTopics(), batch, List.of(exchange.input),
                        offsets, exchange.metadata(), attempt == 0 ? owning : OWNS_ALL);
                return;
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw new AssertionError("batch " + batch + "'s part could not be written in 4 attempts", last);
    }

    /** Every chunk in the key topic a read_committed reader sees, as "BATCH@KEY-PARTITION". */
    private static List<String> chunks(Exchange exchange) {
        var found = new ArrayList<String>();
        for (ConsumerRecord<String, String> r : KAFKA.broker().readAll(exchange.keyTopic, "read_committed")) {
            if (r.headers().lastHeader(ExchangeRecords.BATCH) != null) {
                found.add(r.value());
            }
        }
        return found;
    }

    private static Map<String, Object> clientProperties() {
        var props = new HashMap<String, Object>();
        KAFKA.broker().clientProperties().forEach((k, v) -> props.put((String) k, v));
        return props;
    }

    private static Exchange exchange() throws Exception {
        String group = "writer-" + GROUPS.incrementAndGet();
        var exchange = new Exchange(group, GroupExchange.topicOf(group, "words"), new TopicPartition(group + "-in", 0));
        KAFKA.broker().createTopic(exchange.keyTopic, KEY_PARTITIONS);
        KAFKA.broker().createTopic(exchange.input.topic(), 1);
        return exchange;
    }

    /** One group's key topic and its input partition. */
    private record Exchange(String group, String keyTopic, TopicPartition input) {

        String consumerGroup() {
            return "sluice-" + group;
        }

        Map<String, Integer> keyTopics() {
            return Map.of(keyTopic, KEY_PARTITIONS);
        }

        /** One chunk per key partition, its text saying its batch and partition. */
        Map<String, List<List<byte[]>>> chunks(long batch) {
            var byPartition = new ArrayList<List<byte[]>>();
            for (int p = 0; p < KEY_PARTITIONS; p++) {
                byPartition.add(List.of((batch + "@" + p).getBytes(StandardCharsets.UTF_8)));
            }
            return Map.of(keyTopic, byPartition);
        }

        Map<TopicPartition, OffsetAndMetadata> inputOffset(long offset, long batch) {
            return Map.of(input, ExchangeProgress.input(offset, batch));
        }

        ConsumerGroupMetadata metadata() {
            return new ConsumerGroupMetadata(consumerGroup());
        }
    }
}
