package dev.sluice.examples.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Config;
import dev.sluice.api.StreamingContext;
import dev.sluice.kafka.testkit.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kafka-word-count in plain Java on the real runtime and Kafka plugins, against a real KRaft broker. */
class KafkaWordCountEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void countsTheWordsOfEveryRecordIntoTheOutputTopic() throws Exception {
        try (var broker = KafkaBroker.start(dir.resolve("kafka"))) {
            broker.createTopic("lines", 2);
            broker.createTopic("counts", 2);
            broker.send("lines", 0, null, List.of("hello world hello", "to be or not to be"));
            broker.send("lines", 1, null, List.of("hello again"));
            try (StreamingContext ssc = StreamingContext.create("local[2]", "KafkaWordCount", Duration.ofMillis(200))) {
                new KafkaWordCountApplication().define(ssc, Config.of(Map.of("brokers", broker.bootstrapServers(),
                        "topics", "lines", "out", "counts", "startingOffsets", "earliest")));
                ssc.start();

                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (totals(broker).getOrDefault("hello", 0) < 3 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
            }
            assertThat(totals(broker)).isEqualTo(Map.of("hello", 3, "world", 1, "to", 2, "be", 2, "or", 1,
                    "not", 1, "again", 1));
        }
    }

    /** Each word's counts over every batch written, as a read_committed consumer sees them. */
    private static Map<String, Integer> totals(KafkaBroker broker) {
        var totals = new TreeMap<String, Integer>();
        for (ConsumerRecord<String, String> r : broker.readAll("counts", "read_committed")) {
            totals.merge(r.key(), Integer.parseInt(r.value()), Integer::sum);
        }
        return totals;
    }
}
