package dev.sluice.source.kafka.internal;

import dev.sluice.api.kafka.KafkaRecord;
import dev.sluice.api.spi.InputSplit;
import dev.sluice.kafka.testkit.KafkaBroker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** The group tests' input: words drawn from a small vocabulary, each sent to a random partition of a topic. */
final class RandomWords {

    static final String[] ANIMALS = {"ant", "bee", "cat", "dog", "eel", "fox", "gnu", "hen", "owl", "yak"};

    private RandomWords() {
    }

    /** Sends {@code n} words of {@code vocabulary} over {@code partitions} partitions of {@code topic}; their counts. */
    static Map<String, Long> send(KafkaBroker broker, String topic, int partitions, String[] vocabulary,
                                  Random random, int n) throws Exception {
        var counts = new TreeMap<String, Long>();
        var byPartition = new HashMap<Integer, List<String>>();
        for (int i = 0; i < n; i++) {
            String word = vocabulary[random.nextInt(vocabulary.length)];
            counts.merge(word, 1L, Long::sum);
            byPartition.computeIfAbsent(random.nextInt(partitions), p -> new ArrayList<>()).add(word);
        }
        for (var e : byPartition.entrySet()) {
            broker.send(topic, e.getKey(), "k", e.getValue());
        }
        return counts;
    }

    /** Each word's occurrences among the records of {@code splits} (each record's value one word). */
    static Map<String, Long> read(List<InputSplit<KafkaRecord<String, String>>> splits) {
        var read = new HashMap<String, Long>();
        for (var split : splits) {
            try {
                split.read(r -> read.merge(r.value(), 1L, Long::sum));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return read;
    }
}
