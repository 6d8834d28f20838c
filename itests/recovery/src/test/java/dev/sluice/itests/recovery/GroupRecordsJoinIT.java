package dev.sluice.itests.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.itests.recovery.countjoin.CountJoinActivator;
import dev.sluice.itests.recovery.countjoin.RecordsJoinApplication;
import dev.sluice.kafka.testkit.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The input joined with a keyed stage of itself across processes: three containers share
 * {@code records-join} ({@code pairs.join(pairs.reduceByKey(f))}, each word occurrence of a tagged
 * line with its word's count in the batch), whose input side is moved by a keyed stage of its own, so
 * the join reads two keyed stages. One member is killed with SIGKILL while lines come in and another
 * joins later. A {@code read_committed} reader of the output then finds every word occurrence exactly
 * once over all batches; in every batch a word's occurrences with count n in a multiple of n (a key
 * partition taken over with batches not yet joined gives each of those batches apart, as one
 * container joins each); and each batch while the group stood still exactly the join one container
 * computes from the lines it read.
 */
@ExtendWith(FailedRunLogs.class)
class GroupRecordsJoinIT {

    private static final int PARTITIONS = 6;
    private static final int LINES = 1_500;
    private static final long INTERVAL = 500;
    private static final int STEADY_BATCHES = 6;
    /** Key partitions of its three keyed stages: the input's side, the counts, the join. */
    private static final int KEY_PARTITIONS = 3 * PARTITIONS;

    @TempDir
    Path root;

    @Test
    void eachWordOccurrenceIsJoinedOnceWithItsBatchsCountAcrossAKillAndAJoin() throws Exception {
        Path bundle = TestBundle.of(CountJoinActivator.class, "dev.sluice.itests.count-join",
                "dev.sluice.api;version=\"[1.0,2)\",dev.sluice.api.kafka;version=\"[1.0,2)\","
                        + "dev.sluice.api.spi;version=\"[1.7,2)\",org.osgi.framework",
                root.resolve("count-join.jar"));
        try (var broker = KafkaBroker.start(root.resolve("kafka"))) {
            broker.createTopic("lines", PARTITIONS);
            broker.createTopic("records-joins", PARTITIONS);
            String brokers = broker.bootstrapServers();
            var arguments = List.of(RecordsJoinApplication.NAME, "brokers=" + brokers, "in=lines",
                    "out=records-joins", "batch=" + INTERVAL + "ms", "group=rj", "group.brokers=" + brokers,
                    "group.sessionTimeout=6s");
            try (var members = new GroupMembers(root, arguments, List.of(bundle))) {
                var runs = new ArrayList<SluiceRun>();
                for (int i = 0; i < 3; i++) {
                    runs.add(members.launch());
                }
                for (SluiceRun run : runs) {
                    run.awaitOutput("Stream " + RecordsJoinApplication.NAME + " shares its work in group rj");
                }
                Await.until("each of the three members to own input partitions, all six between them",
                        () -> runs.stream().allMatch(r -> !MemberLogs.owned(r, "rj").isEmpty())
                                && MemberLogs.ownedByAll(runs, "rj", "lines", PARTITIONS).size() == PARTITIONS,
                        () -> MemberLogs.describe(runs));
                long steadyFrom = System.currentTimeMillis() + 2 * INTERVAL;
                long steadyUntil = steadyFrom + STEADY_BATCHES * INTERVAL;
                try (var input = new KafkaLines(broker, "lines", 23, LINES, 5, Duration.ofMillis(50), true)) {
                    Await.until("every key partition reduced and committed up to " + steadyUntil,
                            () -> GroupProgress.reducedUpTo(broker, "rj", KEY_PARTITIONS) >= steadyUntil,
                            () -> "committed " + GroupProgress.keyPartitions(broker, "rj") + "\n"
                                    + MemberLogs.describe(runs));

                    SluiceRun victim = runs.get(1);
                    long killed = System.nanoTime();
                    victim.kill();
                    runs.remove(victim);
                    Await.until("the survivors to own every input partition",
                            () -> MemberLogs.ownedByAll(runs, "rj", "lines", PARTITIONS).size() == PARTITIONS,
                            () -> MemberLogs.describe(runs));
                    System.out.println("GroupRecordsJoinIT: the survivors took over "
                            + Duration.ofNanos(System.nanoTime() - killed).toMillis() + " ms after the SIGKILL");
                    SluiceRun joining = members.launch();
                    runs.add(joining);
                    Await.until("the member that joined later to own partitions",
                            () -> !MemberLogs.owned(joining, "rj").isEmpty(), () -> MemberLogs.describe(runs));

                    input.awaitAllSent();
                    Map<String, List<String>> expected = occurrences(input);
                    Await.until("every word occurrence to be joined with its count",
                            () -> new RecordsJoins(broker).occurrences().equals(expected),
                            () -> "joined " + new RecordsJoins(broker).occurrences().size() + " of " + LINES
                                    + " lines\n" + MemberLogs.describe(runs));
                    for (SluiceRun run : runs) {
                        run.stop();
                    }
                    var all = new ArrayList<>(runs);
                    all.add(victim);
                    assertRecordsJoins(new RecordsJoins(broker), input, expected, all, steadyFrom, steadyUntil);
                }
            }
        }
    }

    private static void assertRecordsJoins(RecordsJoins output, KafkaLines input, Map<String, List<String>> expected,
                                           List<SluiceRun> all, long steadyFrom, long steadyUntil) {
        assertThat(output.occurrences()).as("every word occurrence of every line joined once").isEqualTo(expected);
        output.byBatch.forEach((batch, words) -> words.forEach((word, joined) -> {
            var byCount = new TreeMap<Long, Long>();
            joined.forEach(r -> byCount.merge(countOf(r), 1L, Long::sum));
            byCount.forEach((count, n) -> assertThat(n % count).as("batch %d: %s's occurrences joined with count"
                    + " %d: %s", batch, word, count, joined).isZero());
        }));
        List<Long> refused = MemberLogs.refusedBatches(all, "rj");
        List<Long> checked = output.byBatch.keySet().stream().filter(t -> t >= steadyFrom && t <= steadyUntil
                && refused.stream().noneMatch(r -> t >= r && t <= r + 2 * INTERVAL)).toList();
        assertThat(checked).as("batches while the group stood still").hasSizeGreaterThanOrEqualTo(3);
        for (long batch : checked) {
            Map<String, List<String>> joined = output.byBatch.get(batch);
            var tags = new TreeSet<String>();
            joined.values().forEach(records -> records.forEach(r -> tags.add(tagOf(r))));
            var counts = new TreeMap<String, Long>();
            tags.forEach(tag -> input.wordsOf(tag).forEach(w -> counts.merge(w, 1L, Long::sum)));
            var oneContainer = new TreeMap<String, List<String>>();
            tags.forEach(tag -> input.wordsOf(tag).forEach(w -> oneContainer.computeIfAbsent(w,
                    k -> new ArrayList<>()).add(tag + "/" + counts.get(w))));
            oneContainer.values().forEach(Collections::sort);
            assertThat(joined).as("batch " + batch + " against the join of the lines it names").isNotEmpty()
                    .isEqualTo(oneContainer);
        }
        System.out.println("GroupRecordsJoinIT: " + output.byBatch.size() + " batches, each word occurrence once; "
                + checked.size() + " while the group stood still equal to one container's join; " + refused.size()
                + " hand-overs refused");
    }

    /** Each line's tag to its words, sorted: what the output must show, each occurrence once. */
    private static Map<String, List<String>> occurrences(KafkaLines input) {
        var byTag = new TreeMap<String, List<String>>();
        for (int line = 0; line < LINES; line++) {
            byTag.put(KafkaLines.tag(line), input.wordsOf(KafkaLines.tag(line)).stream().sorted().toList());
        }
        return byTag;
    }

    private static String tagOf(String joined) {
        return joined.substring(0, joined.indexOf('/'));
    }

    private static long countOf(String joined) {
        return Long.parseLong(joined.substring(joined.indexOf('/') + 1));
    }

    /** The output as a read_committed reader sees it: per batch, each word's "tag/count" records, sorted. */
    private static final class RecordsJoins {

        private final Map<Long, Map<String, List<String>>> byBatch = new TreeMap<>();

        RecordsJoins(KafkaBroker broker) {
            broker.readAll("records-joins", "read_committed").forEach(r -> byBatch.computeIfAbsent(r.timestamp(),
                    t -> new TreeMap<>()).computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value()));
            byBatch.values().forEach(words -> words.values().forEach(Collections::sort));
        }

        /** Each tag to the words joined with it over all batches, sorted, a word as often as it was joined. */
        Map<String, List<String>> occurrences() {
            var byTag = new TreeMap<String, List<String>>();
            byBatch.values().forEach(words -> words.forEach((word, joined) -> joined.forEach(r -> byTag
                    .computeIfAbsent(tagOf(r), t -> new ArrayList<>()).add(word))));
            byTag.values().forEach(Collections::sort);
            return byTag;
        }
    }
}
