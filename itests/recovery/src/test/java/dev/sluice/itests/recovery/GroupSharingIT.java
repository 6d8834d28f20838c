package dev.sluice.itests.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.kafka.testkit.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/sluice run kafka-word-count group=wc} in three containers, processes on this machine,
 * over a topic of six partitions: every member runs the stream on the partitions Kafka's consumer
 * group gives it, and its {@code reduceByKey} exchanges the counts through the group's repartition
 * topic, so each word of a batch is counted on one member from every member's part. One member is
 * killed with SIGKILL while batches run, the survivors take its input and key partitions over from
 * the committed progress, and a fourth member joins later. A {@code read_committed} reader of the
 * output finds at most one count per word and batch, every word of the input counted exactly once
 * over all batches, and, for the batches while the group stood still, exactly the counts one
 * container computes from the lines that batch read (each line carries a word of its own, so the
 * output tells which lines each batch read).
 */
class GroupSharingIT {

    private static final String APP = "kafka-word-count";
    private static final int PARTITIONS = 6;
    private static final int LINES = 2_000;
    private static final long INTERVAL = 500;
    /** The batches checked against the single-container count while the group stands still. */
    private static final int STEADY_BATCHES = 6;

    @TempDir
    Path root;

    @Test
    void membersCountEachWordOncePerBatchAcrossAKillAndAJoinAsOneContainerWould() throws Exception {
        try (var broker = KafkaBroker.start(root.resolve("kafka"))) {
            broker.createTopic("lines", PARTITIONS);
            broker.createTopic("counts", PARTITIONS);
            var runs = new ArrayList<SluiceRun>();
            try (var members = new GroupMembers(root, GroupMembers.wordCount(broker, "batch=" + INTERVAL + "ms"))) {
                for (int i = 0; i < 3; i++) {
                    runs.add(members.launch());
                }
                Await.until("each of the three members to own partitions, all six between them",
                        () -> runs.stream().allMatch(r -> !owned(r).isEmpty()) && ownedByAll(runs).size() == PARTITIONS,
                        () -> describe(runs));
                for (SluiceRun run : runs) {
                    assertThat(run.output()).contains("Stream " + APP + " shares its work in group wc")
                            .doesNotContain("leads group wc");
                }
                assertThat(broker.topics()).anyMatch(t -> t.startsWith("sluice-wc-repartition-"));
                // from here the group stands still until the kill: two batches' grace for the last rebalance
                long steadyFrom = System.currentTimeMillis() + 2 * INTERVAL;
                long steadyUntil = steadyFrom + STEADY_BATCHES * INTERVAL;

                try (var input = new KafkaLines(broker, "lines", 7, LINES, 5, Duration.ofMillis(50), true)) {
                    Await.until("every key partition reduced and committed up to " + steadyUntil,
                            () -> reducedUpTo(broker) >= steadyUntil, () -> "committed " + keyPartitionProgress(broker)
                                    + "\n" + describe(runs));

                    SluiceRun victim = runs.get(1);
                    Set<String> orphaned = owned(victim);
                    long killed = System.nanoTime();
                    victim.kill();
                    runs.remove(victim);
                    Await.until("the survivors to own every partition, " + orphaned + " among them",
                            () -> ownedByAll(runs).size() == PARTITIONS, () -> describe(runs));
                    System.out.println("GroupSharingIT: the survivors took over " + orphaned + " "
                            + Duration.ofNanos(System.nanoTime() - killed).toMillis() + " ms after the SIGKILL"
                            + " (session timeout 6 s, transactions time out after 10 s)");

                    SluiceRun joining = members.launch();
                    runs.add(joining);
                    Await.until("the member that joined later to own partitions", () -> !owned(joining).isEmpty(),
                            () -> describe(runs));

                    Map<String, Integer> expected = input.awaitAllSent();
                    Await.until("the output to count every word of the input exactly once",
                            () -> new BatchCounts(broker).wordTotals().equals(expected),
                            () -> "counted " + new BatchCounts(broker).wordTotals() + ", expected " + expected + "\n"
                                    + describe(runs));
                    for (SluiceRun run : runs) {
                        run.stop();
                    }
                    var output = new BatchCounts(broker);
                    assertThat(output.twiceInABatch()).as("words with more than one count in a batch").isEmpty();
                    assertThat(output.wordTotals()).isEqualTo(expected);
                    assertThat(output.tagTotals()).as("every line read once").hasSize(LINES)
                            .allSatisfy((tag, n) -> assertThat(n).isEqualTo(1));

                    var all = new ArrayList<>(runs);
                    all.add(victim);
                    List<Long> refused = MemberLogs.refusedBatches(all, "wc");
                    List<Long> checked = output.batches().stream().filter(t -> t >= steadyFrom && t <= steadyUntil
                            && refused.stream().noneMatch(r -> t >= r && t <= r + 2 * INTERVAL)).toList();
                    assertThat(checked).as("batches while the group stood still").hasSizeGreaterThanOrEqualTo(3);
                    for (long batch : checked) {
                        assertThat(output.words(batch)).as("batch " + batch + " against the count of the lines it read")
                                .isNotEmpty().isEqualTo(output.singleContainerCount(batch, input));
                    }
                    System.out.println("GroupSharingIT: " + output.batches().size() + " batches, one count per word in"
                            + " each; " + checked.size() + " batches while the group stood still equal to one"
                            + " container's count of the lines they read; " + refused.size() + " commits refused");
                }
            }
        }
    }

    /** The last batch every key partition has been reduced up to, as the group's committed metadata says. */
    private static long reducedUpTo(KafkaBroker broker) {
        var reduced = keyPartitionProgress(broker).values();
        if (reduced.size() < PARTITIONS) {
            return Long.MIN_VALUE;
        }
        return reduced.stream().mapToLong(m -> Long.parseLong(m.substring(0, m.indexOf(':')))).min().orElseThrow();
    }

    /** Each key partition's committed metadata: the last batch reduced from it, and the position read to. */
    private static Map<TopicPartition, String> keyPartitionProgress(KafkaBroker broker) {
        try {
            var progress = new TreeMap<TopicPartition, String>(java.util.Comparator.comparingInt(TopicPartition::partition));
            broker.committed("sluice-wc").forEach((tp, o) -> {
                if (tp.topic().startsWith("sluice-wc-repartition-")) {
                    progress.put(tp, o.metadata());
                }
            });
            return progress;
        } catch (Exception e) {
            throw new AssertionError("the group's committed offsets cannot be read", e);
        }
    }

    private static Set<String> owned(SluiceRun run) {
        return MemberLogs.owned(run);
    }

    private static Set<String> ownedByAll(List<SluiceRun> runs) {
        return MemberLogs.ownedByAll(runs, "lines", PARTITIONS);
    }

    private static String describe(List<SluiceRun> runs) {
        return MemberLogs.describe(runs);
    }

    /** The output as a read_committed reader sees it: per batch (the records' timestamp), each word's counts. */
    private static final class BatchCounts {

        private final Map<Long, Map<String, List<Integer>>> byBatch = new TreeMap<>();

        BatchCounts(KafkaBroker broker) {
            broker.readAll("counts", "read_committed").forEach(r -> byBatch.computeIfAbsent(r.timestamp(),
                    t -> new TreeMap<>()).computeIfAbsent(r.key(), k -> new ArrayList<>()).add(Integer.parseInt(r.value())));
        }

        List<Long> batches() {
            return List.copyOf(byBatch.keySet());
        }

        /** Batch and word of every word counted more than once in one batch: a partial count. */
        List<String> twiceInABatch() {
            var twice = new ArrayList<String>();
            byBatch.forEach((t, words) -> words.forEach((w, counts) -> {
                if (counts.size() > 1) {
                    twice.add(t + ":" + w + "=" + counts);
                }
            }));
            return twice;
        }

        Map<String, Integer> wordTotals() {
            return totals(false);
        }

        Map<String, Integer> tagTotals() {
            return totals(true);
        }

        private Map<String, Integer> totals(boolean tags) {
            var totals = new TreeMap<String, Integer>();
            byBatch.values().forEach(words -> words.forEach((w, counts) -> {
                if (KafkaLines.isTag(w) == tags) {
                    counts.forEach(n -> totals.merge(w, n, Integer::sum));
                }
            }));
            return totals;
        }

        /** The words batch {@code batch} counted (its lines' tags left out). */
        Map<String, Integer> words(long batch) {
            var words = new TreeMap<String, Integer>();
            byBatch.getOrDefault(batch, Map.of()).forEach((w, counts) -> {
                if (!KafkaLines.isTag(w)) {
                    words.put(w, counts.stream().mapToInt(Integer::intValue).sum());
                }
            });
            return words;
        }

        /** What one container counts from the lines batch {@code batch} read: the lines whose tags it counted. */
        Map<String, Integer> singleContainerCount(long batch, KafkaLines input) {
            var counts = new TreeMap<String, Integer>();
            byBatch.getOrDefault(batch, Map.of()).keySet().stream().filter(KafkaLines::isTag)
                    .forEach(tag -> input.wordsOf(tag).forEach(w -> counts.merge(w, 1, Integer::sum)));
            return counts;
        }
    }
}
