package dev.sluice.itests.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.itests.recovery.join.SideBySideActivator;
import dev.sluice.itests.recovery.join.SideBySideApplication;
import dev.sluice.kafka.testkit.KafkaBroker;
import java.nio.file.Path;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A join across processes: three containers share {@code side-by-side} (a test application
 * bundle dropped into each one's {@code deploy/}), a full outer join of topic {@code left} with
 * topic {@code right} by key, both read through one Kafka input of six partitions each, so that
 * the two sides of a word are often read by different members and meet only through the group's
 * repartition topic. The test sends rounds of records, each round in one transaction, every record
 * with an id of its own. A {@code read_committed} reader of the output then finds every record in
 * exactly one batch, and each batch's output, word by word, exactly the full outer join one
 * container computes from the records that batch read: a word whose sides were joined on two
 * members apart, or a side delivered twice, shows as a difference.
 */
class GroupJoinIT {

    private static final String APP = SideBySideApplication.NAME;
    private static final int PARTITIONS = 6;
    private static final int ROUNDS = 120;
    private static final int WORDS = 25;
    /** Between rounds: the input spreads over a dozen half-second batches, not one or two. */
    private static final Duration ROUND_GAP = Duration.ofMillis(50);
    private static final Pattern OWNS = Pattern.compile("this member now owns \\[([^]]*)]");

    @TempDir
    Path root;

    @Test
    void eachBatchJoinsTheRecordsItReadAsOneContainerWould() throws Exception {
        Path bundle = TestBundle.of(SideBySideActivator.class, "dev.sluice.itests.side-by-side",
                "dev.sluice.api;version=\"[1.0,2)\",dev.sluice.api.kafka;version=\"[1.0,2)\","
                        + "dev.sluice.api.spi;version=\"[1.3,2)\",org.osgi.framework",
                root.resolve("side-by-side.jar"));
        try (var broker = KafkaBroker.start(root.resolve("kafka"))) {
            for (String topic : List.of("left", "right", "joined")) {
                broker.createTopic(topic, PARTITIONS);
            }
            String brokers = broker.bootstrapServers();
            var arguments = List.of(APP, "brokers=" + brokers, "left=left", "right=right", "out=joined",
                    "batch=500ms", "group=sbs", "group.brokers=" + brokers, "group.sessionTimeout=6s");
            try (var members = new GroupMembers(root, arguments, List.of(bundle))) {
                var runs = new ArrayList<SluiceRun>();
                for (int i = 0; i < 3; i++) {
                    runs.add(members.launch());
                }
                for (SluiceRun run : runs) {
                    run.awaitOutput("Stream " + APP + " shares its work in group sbs");
                }
                Await.until("each of the three members to own input partitions, all twelve between them",
                        () -> runs.stream().allMatch(r -> !inputsOwned(r).isEmpty())
                                && runs.stream().flatMap(r -> inputsOwned(r).stream()).distinct().count()
                                == 2L * PARTITIONS,
                        () -> describe(runs));

                Map<String, String> wordOf = sendRounds(broker);
                Await.until("every record sent to show in the output",
                        () -> new JoinedBatches(broker).ids().containsAll(wordOf.keySet()),
                        () -> "missing " + missing(wordOf.keySet(), new JoinedBatches(broker).ids()) + "\n"
                                + describe(runs));
                for (SluiceRun run : runs) {
                    run.stop();
                }

                var output = new JoinedBatches(broker);
                assertThat(output.batchesOf()).as("the batches each record shows in")
                        .allSatisfy((id, batches) -> assertThat(batches).as(id).hasSize(1));
                assertThat(output.ids()).isEqualTo(new TreeSet<>(wordOf.keySet()));
                int pairs = 0;
                for (var batch : output.byBatch.entrySet()) {
                    for (var word : batch.getValue().entrySet()) {
                        List<String> expected = fullOuterJoin(word.getValue());
                        assertThat(sorted(word.getValue())).as("batch " + batch.getKey() + ", word " + word.getKey()
                                + ": the join of the records it read").isEqualTo(expected);
                        word.getValue().forEach(v -> assertThat(idsIn(v)).allSatisfy(id ->
                                assertThat(wordOf.get(id)).as(id + "'s word").isEqualTo(word.getKey())));
                        pairs += (int) word.getValue().stream().filter(v -> !v.contains(SideBySideApplication.NONE))
                                .count();
                    }
                }
                assertThat(pairs).as("records joined with a partner").isGreaterThan(ROUNDS);
                System.out.println("GroupJoinIT: " + wordOf.size() + " records in " + output.byBatch.size()
                        + " batches, " + pairs + " joined pairs, each batch as one container joins it");
            }
        }
    }

    /**
     * Sends {@link #ROUNDS} rounds {@link #ROUND_GAP} apart, each in one transaction: for a few words, one or two records to
     * {@code left} and none to two to {@code right}, each to a partition of its own choosing, the
     * value an id ({@code L<n>}, {@code R<n>}). Returns each id's word.
     */
    private static Map<String, String> sendRounds(KafkaBroker broker) {
        Properties props = broker.clientProperties();
        props.put("transactional.id", "group-join-it");
        var random = new Random(14);
        var wordOf = new HashMap<String, String>();
        int next = 0;
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            for (int round = 0; round < ROUNDS; round++) {
                producer.beginTransaction();
                for (int k = 0; k < 3; k++) {
                    String word = "w" + random.nextInt(WORDS);
                    int lefts = 1 + random.nextInt(2);
                    int rights = random.nextInt(3);
                    for (int i = 0; i < lefts + rights; i++) {
                        String topic = i < lefts ? "left" : "right";
                        String id = (i < lefts ? "L" : "R") + next++;
                        producer.send(new ProducerRecord<>(topic, random.nextInt(PARTITIONS), word, id));
                        wordOf.put(id, word);
                    }
                }
                producer.commitTransaction();
                Await.pause(ROUND_GAP);
            }
        }
        return wordOf;
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

    private static Set<String> missing(Set<String> sent, Set<String> seen) {
        var missing = new TreeSet<>(sent);
        missing.removeAll(seen);
        return missing;
    }

    /** The input partitions {@code run} owns as of its latest grant (no member is stopped before the check). */
    private static Set<String> inputsOwned(SluiceRun run) {
        Set<String> owned = Set.of();
        Matcher m = OWNS.matcher(run.output());
        while (m.find()) {
            owned = Arrays.stream(m.group(1).split(",")).map(String::trim)
                    .filter(p -> p.startsWith("left-") || p.startsWith("right-")).collect(Collectors.toSet());
        }
        return owned;
    }

    private static String describe(List<SluiceRun> runs) {
        return runs.stream().map(r -> r.name() + " owns " + inputsOwned(r) + "; output:\n" + r.output())
                .collect(Collectors.joining("\n---\n"));
    }

    /** The output as a read_committed reader sees it: per batch (the records' timestamp), each word's values. */
    private static final class JoinedBatches {

        final Map<Long, Map<String, List<String>>> byBatch = new TreeMap<>();

        JoinedBatches(KafkaBroker broker) {
            for (ConsumerRecord<String, String> r : broker.readAll("joined", "read_committed")) {
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
    }
}
