package dev.sluice.examples.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Config;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.kafka.Kafka;
import dev.sluice.api.spi.OperatorProvider;
import dev.sluice.api.spi.OperatorType;
import dev.sluice.kafka.testkit.KafkaBroker;
import dev.sluice.runtime.internal.declared.DeclaredStream;
import dev.sluice.runtime.internal.declared.StreamDeclaration;
import dev.sluice.runtime.testkit.StreamTestKit;
import dev.sluice.sink.kafka.internal.KafkaSinkProvider;
import dev.sluice.source.kafka.internal.KafkaSourceProvider;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped examples/kafka-word-count.cfg, declared with the operator library, writes the same
 * counts as the Java kafka-word-count for the same records: both read one topic of a real KRaft
 * broker batch by batch in one stream test kit, each writes to its own output topic, and a
 * read_committed consumer finds the same (word, count) records in both, whose sums are the words
 * of the input.
 */
class DeclaredKafkaWordCountTest {

    private static final int BATCHES = 6;

    @TempDir
    Path dir;

    @Test
    void theDeclaredKafkaWordCountWritesWhatTheJavaOneWrites() throws Exception {
        try (var broker = KafkaBroker.start(dir.resolve("kafka"))) {
            broker.createTopic("lines", 2);
            broker.createTopic("counts-java", 2);
            broker.createTopic("counts-declared", 2);
            var plugins = StreamTestKit.plugins(Map.of(Kafka.TYPE, new KafkaSourceProvider()),
                    Map.of(Kafka.TYPE, new KafkaSinkProvider()), library());
            var expected = new TreeMap<String, Integer>();
            try (var kit = new StreamTestKit(StreamingSettings.of("local[2]", "kafka-wc", Duration.ofSeconds(1)),
                    plugins)) {
                new KafkaWordCountApplication().define(kit.context(), Config.of(Map.of("brokers",
                        broker.bootstrapServers(), "topics", "lines", "out", "counts-java",
                        "startingOffsets", "earliest")));
                declared(broker.bootstrapServers()).define(kit.context(), Config.empty());
                kit.start();
                var random = new Random(13);
                for (int b = 0; b < BATCHES; b++) {
                    for (int partition = 0; partition < 2; partition++) {
                        List<String> lines = lines(random);
                        broker.send("lines", partition, null, lines);
                        lines.forEach(l -> countWords(l, expected));
                    }
                    kit.runBatch();
                }
            }
            List<String> java = written(broker, "counts-java");
            List<String> declared = written(broker, "counts-declared");
            assertThat(declared).as("the (word, count) records of every batch").isEqualTo(java);
            assertThat(totals(broker, "counts-declared")).as("every word of the input, once").isEqualTo(expected);
            assertThat(expected).isNotEmpty();
        }
    }

    /** The shipped file as the container reads it, pointed at the test's broker and its own output topic. */
    private static DeclaredStream declared(String brokers) throws Exception {
        Path file = Path.of(System.getProperty("user.dir"),
                "../../distribution/src/main/dist/examples/kafka-word-count.cfg");
        var properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        var map = new HashMap<String, Object>();
        properties.forEach((k, v) -> map.put((String) k, v));
        assertThat(map).containsEntry("source.kafka.bootstrap.servers", "localhost:9092")
                .containsEntry("sink.out.kafka.bootstrap.servers", "localhost:9092");
        map.put("source.kafka.bootstrap.servers", brokers);
        map.put("sink.out.kafka.bootstrap.servers", brokers);
        map.put("sink.out.topic", "counts-declared");
        map.put("source.startingOffsets", "earliest");
        return new DeclaredStream(StreamDeclaration.parse(file.toString(), "kafka-word-count", map), file.toString());
    }

    private static Map<String, OperatorProvider> library() {
        var library = new HashMap<String, OperatorProvider>();
        ServiceLoader.load(OperatorProvider.class)
                .forEach(p -> library.put(p.getClass().getAnnotation(OperatorType.class).value(), p));
        return library;
    }

    /** A few lines of words, with repeated and leading spaces, some lines empty. */
    private static List<String> lines(Random random) {
        String[] words = {"to", "be", "or", "not", "", "that", "is", "the", "question"};
        var lines = new ArrayList<String>();
        for (int l = random.nextInt(5); l > 0; l--) {
            var line = new StringBuilder();
            for (int w = random.nextInt(7); w >= 0; w--) {
                line.append(words[random.nextInt(words.length)]).append(w > 0 ? " " : "");
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /** The reference: the non-empty words of a line split at single spaces. */
    private static void countWords(String line, Map<String, Integer> counts) {
        for (String w : line.split(" ")) {
            if (!w.isEmpty()) {
                counts.merge(w, 1, Integer::sum);
            }
        }
    }

    private static List<String> written(KafkaBroker broker, String topic) {
        return broker.readAll(topic, "read_committed").stream().map(r -> r.key() + "=" + r.value()).sorted().toList();
    }

    private static Map<String, Integer> totals(KafkaBroker broker, String topic) {
        var totals = new TreeMap<String, Integer>();
        for (ConsumerRecord<String, String> r : broker.readAll(topic, "read_committed")) {
            totals.merge(r.key(), Integer.parseInt(r.value()), Integer::sum);
        }
        return totals;
    }
}
