package dev.sluice.itests.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.itests.recovery.countjoin.CountJoinActivator;
import dev.sluice.itests.recovery.countjoin.CountJoinApplication;
import dev.sluice.itests.recovery.histogram.CountsOfCountsActivator;
import dev.sluice.itests.recovery.histogram.CountsOfCountsApplication;
import dev.sluice.itests.recovery.join.SideBySideActivator;
import dev.sluice.itests.recovery.join.SideBySideApplication;
import dev.sluice.kafka.testkit.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
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
 *
 * <p>The same containers also share {@code counts-of-counts} (a test application bundle in each
 * one's {@code deploy/}, group {@code cc}) over the same lines: three keyed stages in a chain, a
 * word count, the words grouped by their count, and a global {@code reduce} into one histogram per
 * batch that names every word, so it too tells which lines each batch read. Its output has at most
 * one histogram per batch, every line in exactly one, every word's occurrences adding up to the
 * input's, and for the batches while the group stood still exactly the histogram one container
 * makes of the lines it names.
 *
 * <p>And they share {@code side-by-side} with {@code inputs=two} (group {@code jn}): a full outer
 * join of {@code join-left} (six partitions) with {@code join-right} (three), each topic read through
 * a Kafka input of its own, both read as one by each member. Rounds of records with ids of their own
 * are sent, half before the kill and half once the survivors have taken over; the output has every record in exactly one batch, and each
 * batch, word by word, the full outer join one container computes from the records it read.
 *
 * <p>And {@code count-join} (group {@code kj}) over the lines: two keyed stages reading the same
 * input, each word's count and its letters, joined ({@code reduceByKey(f).fullOuterJoin(reduceByKey(g))}).
 * Both stages hand each batch over in one transaction and the join reads both. Every line's tag and
 * every word is counted, and lettered, exactly once over all batches, at most once per batch, and
 * the batches while the group stood still hold exactly one container's join of the lines they name.
 */
@ExtendWith(FailedRunLogs.class)
class GroupSharingIT {

    private static final String APP = "kafka-word-count";
    private static final int PARTITIONS = 6;
    private static final int LINES = 2_000;
    private static final long INTERVAL = 500;
    /** The batches checked against the single-container count while the group stands still. */
    private static final int STEADY_BATCHES = 6;
    /** The join's topics and their partition counts, different on purpose. */
    private static final Map<String, Integer> JOIN_TOPICS = Map.of("join-left", 6, "join-right", 3);
    private static final int JOIN_ROUNDS = 300;

    @TempDir
    Path root;

    @Test
    void membersCountEachWordOncePerBatchAcrossAKillAndAJoinAsOneContainerWould() throws Exception {
        Path histograms = TestBundle.of(CountsOfCountsActivator.class, "dev.sluice.itests.counts-of-counts",
                "dev.sluice.api;version=\"[1.0,2)\",dev.sluice.api.kafka;version=\"[1.0,2)\","
                        + "dev.sluice.api.spi;version=\"[1.5,2)\",org.osgi.framework",
                root.resolve("counts-of-counts.jar"));
        Path joins = TestBundle.of(SideBySideActivator.class, "dev.sluice.itests.side-by-side",
                "dev.sluice.api;version=\"[1.0,2)\",dev.sluice.api.kafka;version=\"[1.0,2)\","
                        + "dev.sluice.api.spi;version=\"[1.6,2)\",org.osgi.framework",
                root.resolve("side-by-side.jar"));
        Path countJoins = TestBundle.of(CountJoinActivator.class, "dev.sluice.itests.count-join",
                "dev.sluice.api;version=\"[1.0,2)\",dev.sluice.api.kafka;version=\"[1.0,2)\","
                        + "dev.sluice.api.spi;version=\"[1.7,2)\",org.osgi.framework",
                root.resolve("count-join.jar"));
        try (var broker = KafkaBroker.start(root.resolve("kafka"))) {
            broker.createTopic("lines", PARTITIONS);
            broker.createTopic("count-joins", PARTITIONS);
            broker.createTopic("counts", PARTITIONS);
            broker.createTopic("histograms", 1);
            JOIN_TOPICS.forEach((topic, n) -> createTopic(broker, topic, n));
            broker.createTopic("joined", PARTITIONS);
            var runs = new ArrayList<SluiceRun>();
            try (var members = new GroupMembers(root, GroupMembers.wordCount(broker, "batch=" + INTERVAL + "ms"),
                    List.of(histograms, joins, countJoins))) {
                for (int i = 0; i < 3; i++) {
                    runs.add(members.launch());
                }
                // started through each member's shell, all at once: the word count is running meanwhile
                java.util.concurrent.CompletableFuture.allOf(runs.stream().map(run -> java.util.concurrent
                        .CompletableFuture.runAsync(() -> {
                            startHistograms(members, run, broker);
                            startJoin(members, run, broker);
                            startCountJoin(members, run, broker);
                        }))
                        .toArray(java.util.concurrent.CompletableFuture[]::new)).join();
                Await.until("each of the three members to own partitions in every group, all six between them",
                        () -> runs.stream().allMatch(r -> !owned(r).isEmpty() && !MemberLogs.owned(r, "cc").isEmpty())
                                && ownedByAll(runs).size() == PARTITIONS
                                && MemberLogs.ownedByAll(runs, "cc", "lines", PARTITIONS).size() == PARTITIONS
                                && runs.stream().allMatch(r -> !MemberLogs.owned(r, "jn").isEmpty())
                                && joinPartitionsOwned(runs) == 9
                                && runs.stream().allMatch(r -> !MemberLogs.owned(r, "kj").isEmpty())
                                && MemberLogs.ownedByAll(runs, "kj", "lines", PARTITIONS).size() == PARTITIONS,
                        () -> describe(runs));
                for (SluiceRun run : runs) {
                    assertThat(run.output()).contains("Stream " + APP + " shares its work in group wc")
                            .contains("Stream " + CountsOfCountsApplication.NAME + " shares its work in group cc")
                            .contains("Stream " + SideBySideApplication.NAME + " shares its work in group jn")
                            .contains("Stream " + CountJoinApplication.NAME + " shares its work in group kj")
                            .doesNotContain("leads group wc").doesNotContain("leads group cc");
                }
                assertThat(broker.topics()).anyMatch(t -> t.startsWith("sluice-wc-repartition-"));
                // from here the group stands still until the kill: two batches' grace for the last rebalance
                long steadyFrom = System.currentTimeMillis() + 2 * INTERVAL;
                long steadyUntil = steadyFrom + STEADY_BATCHES * INTERVAL;

                var joinInput = java.util.concurrent.CompletableFuture.supplyAsync(() -> SideBySideRounds.send(broker,
                        JOIN_TOPICS, "join-left", "join-right", JOIN_ROUNDS / 2, Duration.ofMillis(50), 41));
                try (var input = new KafkaLines(broker, "lines", 7, LINES, 5, Duration.ofMillis(50), true)) {
                    Await.until("every key partition of both groups reduced and committed up to " + steadyUntil,
                            () -> GroupProgress.reducedUpTo(broker, "wc", PARTITIONS) >= steadyUntil
                                    && GroupProgress.reducedUpTo(broker, "cc", 3 * PARTITIONS) >= steadyUntil
                                    && GroupProgress.reducedUpTo(broker, "kj", 3 * PARTITIONS) >= steadyUntil,
                            () -> "committed " + GroupProgress.keyPartitions(broker, "wc") + ", "
                                    + GroupProgress.keyPartitions(broker, "cc") + ", " + GroupProgress.keyPartitions(broker, "kj")
                                    + "\n" + describe(runs));

                    SluiceRun victim = runs.get(1);
                    Set<String> orphaned = owned(victim);
                    long killed = System.nanoTime();
                    long killedAt = System.currentTimeMillis();
                    victim.kill();
                    runs.remove(victim);
                    Await.until("the survivors to own every partition, " + orphaned + " among them",
                            () -> ownedByAll(runs).size() == PARTITIONS, () -> describe(runs));
                    System.out.println("GroupSharingIT: the survivors took over " + orphaned + " "
                            + Duration.ofNanos(System.nanoTime() - killed).toMillis() + " ms after the SIGKILL"
                            + " (session timeout 6 s, transactions time out after 10 s)");
                    // the join's second half of rounds is sent now, so some of its batches come after the takeover
                    // however long the group took to get to the kill
                    Map<String, String> joinIds = new java.util.HashMap<>(joinInput.join());
                    joinInput = java.util.concurrent.CompletableFuture.supplyAsync(() -> SideBySideRounds.send(broker,
                            JOIN_TOPICS, "join-left", "join-right", JOIN_ROUNDS / 2, Duration.ofMillis(50), 43,
                            1_000_000));

                    SluiceRun joining = members.launch();
                    runs.add(joining);
                    startHistograms(members, joining, broker);
                    startJoin(members, joining, broker);
                    startCountJoin(members, joining, broker);
                    Await.until("the member that joined later to own partitions", () -> !owned(joining).isEmpty(),
                            () -> describe(runs));

                    Map<String, Integer> expected = input.awaitAllSent();
                    Await.until("the output to count every word of the input exactly once",
                            () -> new BatchCounts(broker).wordTotals().equals(expected),
                            () -> "counted " + new BatchCounts(broker).wordTotals() + ", expected " + expected + "\n"
                                    + describe(runs));
                    // a line's words may come in a later histogram than its tag (a key partition taken over): both wait
                    Await.until("every line and every word to show in the histograms",
                            () -> new Histograms(broker).tags().size() == LINES
                                    && new Histograms(broker).wordTotals().equals(expected),
                            () -> "histograms of " + new Histograms(broker).tags().size() + " lines and words "
                                    + new Histograms(broker).wordTotals() + ", expected " + expected + "\n" + describe(runs));
                    Await.until("every word and line to be counted and lettered by the count-join",
                            () -> new CountJoins(broker).complete(expected),
                            () -> "count-join " + new CountJoins(broker).wordCounts() + ", expected " + expected + "\n"
                                    + describe(runs));
                    joinIds.putAll(joinInput.join());
                    Await.until("every record of the join's input to show in its output",
                            () -> new SideBySideRounds.Joined(broker, "joined").ids().containsAll(joinIds.keySet()),
                            () -> "missing " + SideBySideRounds.missing(joinIds.keySet(),
                                    new SideBySideRounds.Joined(broker, "joined").ids()) + "\n" + describe(runs));
                    for (SluiceRun run : runs) {
                        run.stop();
                    }
                    assertJoins(new SideBySideRounds.Joined(broker, "joined"), joinIds, killedAt);
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
                    assertHistograms(new Histograms(broker), input, expected, all, steadyFrom, steadyUntil);
                    assertCountJoins(new CountJoins(broker), input, expected, all, steadyFrom, steadyUntil);
                }
            }
        }
    }

    private static void startHistograms(GroupMembers members, SluiceRun run, KafkaBroker broker) {
        startApp(members, run, CountsOfCountsApplication.NAME, "in=lines out=histograms group=cc", broker);
    }

    private static void startCountJoin(GroupMembers members, SluiceRun run, KafkaBroker broker) {
        startApp(members, run, CountJoinApplication.NAME, "in=lines out=count-joins group=kj", broker);
    }

    private static void startJoin(GroupMembers members, SluiceRun run, KafkaBroker broker) {
        startApp(members, run, SideBySideApplication.NAME, "left=join-left right=join-right inputs=two out=joined"
                + " group=jn", broker);
    }

    /** Starts test application {@code app} with {@code args} through {@code run}'s shell, once deploy/ has it. */
    private static void startApp(GroupMembers members, SluiceRun run, String app, String args, KafkaBroker broker) {
        // the application's bundle comes through deploy/, which may be read after the shell is up
        Await.until(app + " installed on " + run.name(), () -> members.client(run, "stream:list").contains(app),
                () -> members.client(run, "stream:list"));
        String brokers = broker.bootstrapServers();
        members.client(run, "stream:start " + app + " brokers=" + brokers + " " + args + " batch=" + INTERVAL + "ms"
                + " group.brokers=" + brokers + " group.sessionTimeout=6s");
    }

    /** The join's partitions, of both its topics, the members own between them. */
    private static long joinPartitionsOwned(List<SluiceRun> runs) {
        Set<String> all = new java.util.TreeSet<>();
        runs.forEach(r -> all.addAll(MemberLogs.owned(r, "jn")));
        assertThat(all).allMatch(p -> p.startsWith("join-left-") || p.startsWith("join-right-"));
        return all.size();
    }

    /** Every record in one batch, each batch the join of what it read, and batches on both sides of the kill. */
    private static void assertJoins(SideBySideRounds.Joined output, Map<String, String> ids, long killedAt) {
        int pairs = output.assertEachBatchJoinsWhatItRead(ids);
        assertThat(pairs).as("records joined with a partner").isGreaterThan(JOIN_ROUNDS);
        assertThat(output.byBatch.keySet()).as("the join's batches before the kill and after the takeover")
                .anyMatch(t -> t < killedAt).anyMatch(t -> t > killedAt + 6_000);
        System.out.println("GroupSharingIT: the join of two inputs wrote " + ids.size() + " records in "
                + output.byBatch.size() + " batches, " + pairs + " joined pairs, each batch as one container joins it");
    }

    private static void createTopic(KafkaBroker broker, String topic, int partitions) {
        try {
            broker.createTopic(topic, partitions);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * One histogram per batch at most, each line in exactly one, every word's occurrences adding up to
     * the input's, and the batches while the group stood still exactly one container's histogram of
     * the lines they name.
     */
    private static void assertHistograms(Histograms output, KafkaLines input, Map<String, Integer> expected,
                                         List<SluiceRun> all, long steadyFrom, long steadyUntil) {
        assertThat(output.twiceInABatch()).as("batches with more than one histogram").isEmpty();
        assertThat(output.tags()).as("every line in exactly one histogram").hasSize(LINES)
                .allSatisfy((tag, n) -> assertThat(n).isEqualTo(1));
        assertThat(output.wordTotals()).isEqualTo(expected);
        List<Long> refused = MemberLogs.refusedBatches(all, "cc");
        List<Long> checked = output.byBatch.keySet().stream().filter(t -> t >= steadyFrom && t <= steadyUntil
                && refused.stream().noneMatch(r -> t >= r && t <= r + 2 * INTERVAL)).toList();
        assertThat(checked).as("histograms while the group stood still").hasSizeGreaterThanOrEqualTo(3);
        for (long batch : checked) {
            Map<Long, List<String>> histogram = output.byBatch.get(batch);
            var counts = new TreeMap<String, Long>();
            histogram.getOrDefault(1L, List.of()).stream().filter(KafkaLines::isTag).forEach(tag -> {
                counts.merge(tag, 1L, Long::sum);
                input.wordsOf(tag).forEach(w -> counts.merge(w, 1L, Long::sum));
            });
            var oneContainer = new TreeMap<Long, List<String>>();
            counts.forEach((w, n) -> oneContainer.computeIfAbsent(n, k -> new ArrayList<>()).add(w));
            assertThat(histogram).as("batch " + batch + "'s histogram against the lines it names").isNotEmpty()
                    .isEqualTo(oneContainer);
        }
        System.out.println("GroupSharingIT: " + output.byBatch.size() + " histograms (three keyed stages), each line in"
                + " one; " + checked.size() + " while the group stood still equal to one container's; "
                + refused.size() + " hand-overs refused");
    }

    /**
     * The count-join: at most one record per word and batch, every word's counts and letters adding
     * up to the input's over all batches, every line's tag counted once, and the batches while the
     * group stood still holding, for every word, both sides, as one container joins the lines they name.
     */
    private static void assertCountJoins(CountJoins output, KafkaLines input, Map<String, Integer> expected,
                                         List<SluiceRun> all, long steadyFrom, long steadyUntil) {
        assertThat(output.twiceInABatch()).as("words joined more than once in a batch").isEmpty();
        assertThat(output.complete(expected)).as("every word counted and lettered once, every line once").isTrue();
        List<Long> refused = MemberLogs.refusedBatches(all, "kj");
        List<Long> checked = output.byBatch.keySet().stream().filter(t -> t >= steadyFrom && t <= steadyUntil
                && refused.stream().noneMatch(r -> t >= r && t <= r + 2 * INTERVAL)).toList();
        assertThat(checked).as("count-joins while the group stood still").hasSizeGreaterThanOrEqualTo(3);
        for (long batch : checked) {
            Map<String, String> joined = output.byBatch.get(batch);
            var counts = new TreeMap<String, Long>();
            joined.keySet().stream().filter(KafkaLines::isTag).forEach(tag -> {
                counts.merge(tag, 1L, Long::sum);
                input.wordsOf(tag).forEach(w -> counts.merge(w, 1L, Long::sum));
            });
            var oneContainer = new TreeMap<String, String>();
            counts.forEach((w, n) -> oneContainer.put(w, n + "/" + n * w.length()));
            assertThat(joined).as("batch " + batch + "'s join against the lines it names").isNotEmpty()
                    .isEqualTo(oneContainer);
        }
        System.out.println("GroupSharingIT: the count-join (two keyed stages of one input, joined) wrote "
                + output.byBatch.size() + " batches, each word and line once; " + checked.size() + " while the group"
                + " stood still equal to one container's; " + refused.size() + " hand-overs refused");
    }

    private static Set<String> owned(SluiceRun run) {
        return MemberLogs.owned(run, "wc");
    }

    private static Set<String> ownedByAll(List<SluiceRun> runs) {
        return MemberLogs.ownedByAll(runs, "wc", "lines", PARTITIONS);
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

    /** The count-join's output as a read_committed reader sees it: per batch, each word's "count/letters". */
    private static final class CountJoins {

        private final Map<Long, Map<String, String>> byBatch = new TreeMap<>();
        private final List<String> twice = new ArrayList<>();

        CountJoins(KafkaBroker broker) {
            broker.readAll("count-joins", "read_committed").forEach(r -> {
                if (byBatch.computeIfAbsent(r.timestamp(), t -> new TreeMap<>()).put(r.key(), r.value()) != null) {
                    twice.add(r.timestamp() + ":" + r.key());
                }
            });
        }

        List<String> twiceInABatch() {
            return twice;
        }

        /** Each word's (and tag's) count and letters summed over all batches, as "count/letters". */
        Map<String, String> totals() {
            var counts = new TreeMap<String, Long>();
            var letters = new TreeMap<String, Long>();
            byBatch.values().forEach(words -> words.forEach((w, both) -> {
                String[] sides = both.split("/");
                counts.merge(w, sides[0].equals("-") ? 0 : Long.parseLong(sides[0]), Long::sum);
                letters.merge(w, sides[1].equals("-") ? 0 : Long.parseLong(sides[1]), Long::sum);
            }));
            var totals = new TreeMap<String, String>();
            counts.forEach((w, n) -> totals.put(w, n + "/" + letters.get(w)));
            return totals;
        }

        Map<String, String> wordCounts() {
            var words = new TreeMap<String, String>();
            totals().forEach((w, both) -> {
                if (!KafkaLines.isTag(w)) {
                    words.put(w, both);
                }
            });
            return words;
        }

        /** Whether every word of {@code expected} and every line's tag is counted and lettered exactly once. */
        boolean complete(Map<String, Integer> expected) {
            var wanted = new TreeMap<String, String>();
            expected.forEach((w, n) -> wanted.put(w, n + "/" + (long) n * w.length()));
            Map<String, String> totals = totals();
            long tags = totals.entrySet().stream().filter(e -> KafkaLines.isTag(e.getKey())
                    && e.getValue().equals("1/" + e.getKey().length())).count();
            return wordCounts().equals(wanted) && tags == LINES
                    && totals.keySet().stream().filter(KafkaLines::isTag).count() == LINES;
        }
    }

    /** The histograms as a read_committed reader sees them: per batch (the record's timestamp), count to words. */
    private static final class Histograms {

        /** Per batch, count to the words with it, sorted, a word as often as it is there. */
        private final Map<Long, Map<Long, List<String>>> byBatch = new TreeMap<>();
        private final List<Long> twice = new ArrayList<>();

        Histograms(KafkaBroker broker) {
            broker.readAll("histograms", "read_committed").forEach(r -> {
                var histogram = new TreeMap<Long, List<String>>();
                for (String group : r.value().split("\\|")) {
                    int colon = group.indexOf(':');
                    // after a takeover a word's counts of two batches may meet in one: a list keeps both
                    histogram.put(Long.parseLong(group.substring(0, colon)),
                            List.of(group.substring(colon + 1).split(" ")).stream().sorted().toList());
                }
                if (byBatch.put(r.timestamp(), histogram) != null) {
                    twice.add(r.timestamp());
                }
            });
        }

        List<Long> twiceInABatch() {
            return twice;
        }

        /** Each line's tag to the times the histograms counted it. */
        Map<String, Integer> tags() {
            var tags = new TreeMap<String, Integer>();
            byBatch.values().forEach(h -> h.forEach((n, words) -> words.stream().filter(KafkaLines::isTag)
                    .forEach(t -> tags.merge(t, n.intValue(), Integer::sum))));
            return tags;
        }

        /** Each word's occurrences over all batches (tags left out). */
        Map<String, Integer> wordTotals() {
            var totals = new TreeMap<String, Integer>();
            byBatch.values().forEach(h -> h.forEach((n, words) -> words.stream().filter(w -> !KafkaLines.isTag(w))
                    .forEach(w -> totals.merge(w, n.intValue(), Integer::sum))));
            return totals;
        }
    }
}
