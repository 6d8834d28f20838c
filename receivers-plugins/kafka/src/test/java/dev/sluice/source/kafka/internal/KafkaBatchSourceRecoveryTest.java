package dev.sluice.source.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Config;
import dev.sluice.api.Time;
import dev.sluice.api.kafka.Kafka;
import dev.sluice.api.kafka.KafkaRecord;
import dev.sluice.api.spi.BatchSource;
import dev.sluice.api.spi.InputSplit;
import dev.sluice.kafka.testkit.KafkaBrokerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The source's progress as the runtime keeps it in checkpoints: a new source restored from it
 * reads the batches the earlier one polled exactly as they were, whatever arrived since.
 */
class KafkaBatchSourceRecoveryTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void shouldReadExactlyTheSameRecordsForABatchPolledAgainAfterARestore() throws Exception {
        KAFKA.broker().createTopic("orders", 2);
        KAFKA.broker().send("orders", 0, "k", List.of("a0", "a1"));
        KAFKA.broker().send("orders", 1, "k", List.of("b0"));
        var config = Config.of(Map.of(Kafka.BOOTSTRAP_SERVERS, KAFKA.broker().bootstrapServers(), Kafka.TOPICS, "orders",
                Kafka.STARTING_OFFSETS, "earliest"));
        byte[] progress;
        List<String> firstRun;
        BatchSource<KafkaRecord<String, String>> before = SourceTestKit.started(config);
        try {
            firstRun = read(before.poll(new Time(1000)));
            progress = before.progress();
        } finally {
            before.stop();
        }
        KAFKA.broker().send("orders", 0, "k", List.of("a2"));

        BatchSource<KafkaRecord<String, String>> after = SourceTestKit.started(config);
        try {
            after.restore(progress);
            assertThat(read(after.poll(new Time(1000)))).isEqualTo(firstRun).containsExactly("a0", "a1", "b0");
            assertThat(read(after.poll(new Time(2000)))).containsExactly("a2");

            after.batchCompleted(new Time(1000));
            after.forget(new Time(1000));
            assertThat(BatchRanges.decode(after.progress()).rangesOf(1000)).isNull();
            assertThat(BatchRanges.decode(after.progress()).rangesOf(2000)).isNotNull();
        } finally {
            after.stop();
        }
    }

    private static List<String> read(List<InputSplit<KafkaRecord<String, String>>> splits) throws Exception {
        var values = new ArrayList<String>();
        for (var split : splits) {
            split.read(r -> values.add(r.value()));
        }
        return values.stream().sorted().toList();
    }
}
