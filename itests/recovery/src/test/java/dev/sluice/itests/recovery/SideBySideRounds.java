package dev.sluice.itests.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.itests.recovery.join.SideBySideApplication;
import dev.sluice.kafka.testkit.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The input and the check of {@code side-by-side}'s full outer join: rounds of records, each round
 * in one transaction, every record with an id of its own ({@code L<n>} on the left topic,
 * {@code R<n>} on the right), so that a {@code read_committed} reader of the output can tell
 * which records each batch read and check that batch, word by word, against the join one container
 * computes from them: a word whose sides were joined on two members apart, or a side delivered
 * twice, shows as a difference.
 */
final class SideBySideRounds {

    private static final int WORDS = 25;

    private SideBySideRounds() {
    }

    /**
     * Sends {@code rounds} rounds {@code gap} apart: for a few words, one or two records to
     * {@code left} and none to two to {@code right}, each to a partition of its own choosing among
     * the topic's {@code partitions}. Returns each id's word.
     */
    static Map<String, String> send(KafkaBroker broker, Map<String, Integer> partitions, String left, String right,
                                    int rounds, Duration gap, long seed) {
        return send(broker, partitions, left, right, rounds, gap, seed, 0);
    }

    /** As {@link #send(KafkaBroker, Map, String, String, int, Duration, long)}, the ids numbered from {@code firstId}. */
    static Map<String, String> send(KafkaBroker broker, Map<String, Integer> partitions, String left, String right,
                                    int rounds, Duration gap, long seed, int firstId) {
        Properties props = broker.clientProperties();
        props.put("transactional.id", "side-by-side-rounds-" + left + "-" + right);
        var random = new Random(seed);
        var wordOf = new HashMap<String, String>();
        int next = firstId;
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            for (int round = 0; round < rounds; round++) {
                producer.beginTransaction();
                for (int k = 0; k < 3; k++) {
                    String word = "w" + random.nextInt(WORDS);
                    int lefts = 1 + random.nextInt(2);
                    int rights = random.nextInt(3);
                    for (int i = 0; i < lefts + rights; i++) {
                        String topic = i < lefts ? left : right;
                        String id = (i < lefts ? "L" : "R") + next++;
                        producer.send(new ProducerRecord<>(topic, random.nextInt(partitions.get(topic)), word, id));
                        wordOf.put(id, word);
                    }
                }
                producer.commitTransaction();
                Await.pause(gap);
            }
        }
        return wordOf;
    }

    /** The output as a read_committed reader sees it: per batch (the records' timestamp), each word's values. */
    static final class Joined {

        final Map<Long, Map<String, List<String>>> byBatch = new TreeMap<>();

        Joined(KafkaBroker broker, String topic) {
            for (ConsumerRecord<String, String> r : broker.readAll(topic, "read_committed")) {
                byBatch.computeIfAbsent(r.timestamp(), t -> new TreeMap<>())
                        .computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
            }
        }

        Set<String> ids() {
            return batchesOf().keySet();
        }

        /** Each record's id to the batches it shows in. */
        Map<String, Set<Long>> batchesOf() {
            var batches = new TreeMap<String, Set<Long>>();
            byBatch.forEach((t, words) -> words.values().forEach(values -> values.forEach(v -> idsIn(v)
                    .forEach(id -> batches.computeIfAbsent(id, i -> new TreeSet<>()).add(t)))));
            return batches;
        }

        /**
         * Every record sent in exactly one batch, and each batch's output, word by word, the full
         * outer join of the records it read; returns how many records were joined with a partner.
         */
        int assertEachBatchJoinsWhatItRead(Map<String, String> wordOf) {
            assertThat(batchesOf()).as("the batches each record shows in")
                    .allSatisfy((id, batches) -> assertThat(batches).as(id).hasSize(1));
            assertThat(ids()).isEqualTo(new TreeSet<>(wordOf.keySet()));
            int pairs = 0;
            for (var batch : byBatch.entrySet()) {
                for (var word : batch.getValue().entrySet()) {
                    assertThat(sorted(word.getValue())).as("batch " + batch.getKey() + ", word " + word.getKey()
                            + ": the join of the records it read").isEqualTo(fullOuterJoin(word.getValue()));
                    word.getValue().forEach(v -> assertThat(idsIn(v)).allSatisfy(id ->
                            assertThat(wordOf.get(id)).as(id + "'s word").isEqualTo(word.getKey())));
                    pairs += (int) word.getValue().stream().filter(v -> !v.contains(SideBySideApplication.NONE))
                            .count();
                }
            }
            return pairs;
        }
    }

    /** Of {@code sent}, those not in {@code seen}. */
    static Set<String> missing(Set<String> sent, Set<String> seen) {
        var missing = new TreeSet<>(sent);
        missing.removeAll(seen);
        return missing;
    }

    /** The full outer join of the records behind {@code values} (one word, one batch), in the output's form. */
    private static List<String> fullOuterJoin(List<String> values) {
        var lefts = new TreeSet<String>();
        var rights = new TreeSet<String>();
        values.forEach(v -> idsIn(v).forEach(id -> (id.startsWith("L") ? lefts : rights).add(id)));
        var joined = new ArrayList<String>();
        String none = SideBySideApplication.NONE;
        if (rights.isEmpty()) {
            lefts.forEach(l -> joined.add(l + "+" + none));
        } else if (lefts.isEmpty()) {
            rights.forEach(r -> joined.add(none + "+" + r));
        } else {
            lefts.forEach(l -> rights.forEach(r -> joined.add(l + "+" + r)));
        }
        return sorted(joined);
    }

    private static List<String> idsIn(String value) {
        return Arrays.stream(value.split("\\+")).filter(s -> !s.equals(SideBySideApplication.NONE)).toList();
    }

    private static List<String> sorted(List<String> values) {
        return values.stream().sorted().toList();
    }
}
