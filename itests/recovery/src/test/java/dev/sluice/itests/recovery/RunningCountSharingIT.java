package dev.sluice.itests.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.itests.recovery.timed.SummedRunningCount;
import dev.sluice.itests.recovery.timed.TimedRunningCount;
import dev.sluice.itests.recovery.timed.TimedRunningCountActivator;
import dev.sluice.itests.recovery.timed.WordLinesByWindow;
import dev.sluice.kafka.testkit.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running count of words ({@code updateStateByKey}, the operator library's {@code running-count})
 * declared over a topic of six partitions, shared by three containers, processes on this machine:
 * each word's count lives on the member owning its key partition, and every batch's changes go to
 * the changelog topic in the transaction with the batch's output. One member is killed with SIGKILL
 * while the input is being read; the survivors restore its key partitions' counts from the changelog
 * and go on from the committed progress; a fourth member joins later and restores the partitions it
 * is given. Every line is sent before the group starts, so the totals are known; each line begins
 * with a tag of its own, whose running count (one) in a batch's output says the batch's counts
 * include that line. A {@code read_committed} reader of the output finds: at most one count per key
 * and batch; no count ever going backwards; every batch that holds all key partitions equal to the
 * running count one container computes from the lines whose tags it holds (across the kill and the
 * join too); and, at the end, every word counted exactly as often as it was sent. Its members
 * snapshot their key partitions' counts in a directory they share ({@code group.snapshots}), so its
 * restores read a snapshot and the changelog after it; every key partition has one at the end.
 *
 * <p>The same containers share a second stream over the same lines, declared in their
 * {@code deploy/} with a test operator bundle: {@code timed-running-count}, a {@code mapWithState}
 * giving each word (and tag) its running count per record and timing it out after 2 s quiet, in a
 * group of its own. The SIGKILL and the join hit it too; its output must be, key by key, the
 * sequence one container gives (every record counted once, in order, each timeout of the key's
 * count, every key sent counted as often as sent and timed out at the end), and each timeout must
 * come in the batch one container gives it: the first one its key partition computed at least the
 * timeout after the key was last touched. It starts from an initial state: a few words sent go on
 * from their initial counts, and a few never sent time out once with theirs.
 *
 * <p>Beside them, a windowed count and a {@code groupByKeyAndWindow} ({@code word-lines-by-window},
 * from the same test bundle: each word with the tags of the window's lines it occurs in) run in
 * groups of their own; every slide of each that holds all key partitions must equal one
 * container's window of the lines whose tags it holds.
 *
 * <p>And a fifth stream, {@code summed-word-count} ({@code summed-running-count} from the same test
 * bundle: {@code reduceByKey(f).updateStateByKey(g)}, a keyed stage and a state reading it), must
 * give the same running counts as the first, held to the same checks.
 */
@ExtendWith(FailedRunLogs.class)
class RunningCountSharingIT {

    private static final String STREAM = "running-word-count";
    private static final String GROUP = "rc";
    private static final String TIMED_STREAM = "timed-word-count";
    private static final String TIMED_GROUP = "rct";
    /** The running count made of a word count and a running total over it, in a group of its own. */
    private static final String SUMMED_STREAM = "summed-word-count";
    private static final String SUMMED_GROUP = "rcs";
    private static final long TIMEOUT_MS = 2_000;
    /** The timed count's initial state: words sent, and words never sent, which time out once. */
    private static final Map<String, Long> INITIAL = Map.of("w0", 1000L, "w1", 1000L, "w2", 1000L, "w3", 1000L,
            "quiet0", 7L, "quiet1", 7L, "quiet2", 7L);
    private static final int PARTITIONS = 6;
    private static final int LINES = 900;
    /**
     * Lines per second each input partition gives a batch: the input takes about 19 s to read, so the
     * windows go on with most of it after the SIGKILL and the takeover.
     */
    private static final int RATE = 8;
    private static final Pattern RESTORED = Pattern.compile("Restored the state of key partitions \\[[^]]*] of sluice-"
            + GROUP + "-changelog-.*: (\\d+) keys in (\\d+) ms");
    private static final Pattern FROM_SNAPSHOTS = Pattern.compile("Restored the state of key partitions \\[[^]]*] of"
            + " sluice-" + GROUP + "-changelog-.* (\\d+) keys from snapshots\\)");
    /** A second stream in the same containers: a windowed count of the same lines, in a group of its own. */
    private static final String WINDOWED = "windowed-word-count";
    private static final String WINDOWED_GROUP = "rcw";
    /** A window of six batches of 1 s sliding by two, so a member can take a key partition over in the middle of a slide. */
    private static final Duration WINDOW = Duration.ofSeconds(6);
    private static final Duration SLIDE = Duration.ofSeconds(2);
    /** A fourth stream in the same containers: each word's lines in a window ({@code groupByKeyAndWindow}). */
    private static final String GROUPED = "word-lines-by-window";
    private static final String GROUPED_GROUP = "rcl";
    /** Reading the whole output takes a while (every key in every batch): asked every second, it leaves the members the CPU. */
    private static final Duration OUTPUT_POLL = Duration.ofSeconds(1);

    @TempDir
    Path root;

    @Test
    void membersKeepEachWordsRunningCountWithItsKeyPartitionAcrossAKillAndAJoinAsOneContainerWould() throws Exception {
        try (var broker = KafkaBroker.start(root.resolve("kafka"))) {
            broker.createTopic("lines", PARTITIONS);
            broker.createTopic("counts", PARTITIONS);
            broker.createTopic("totals", PARTITIONS);
            broker.createTopic("timed", PARTITIONS);
            broker.createTopic("windows", PARTITIONS);
            broker.createTopic("lines-by-window", PARTITIONS);
            Map<String, Integer> expected;
            KafkaLines input = new KafkaLines(broker, "lines", 13, LINES, LINES, Duration.ofMillis(1), true);
            try (input) {
                expected = input.awaitAllSent();
            }
            var runs = new ArrayList<SluiceRun>();
            Path operator = TestBundle.of(TimedRunningCountActivator.class, "dev.sluice.itests.timed-running-count",
                    "dev.sluice.api;version=\"[1.0,2)\",dev.sluice.api.spi;version=\"[1.3,2)\",org.osgi.framework",
                    root.resolve("timed-running-count.jar"));
            List<Path> windowStreams = List.of(windowedStream(broker), groupedStream(broker));
            try (var members = new GroupMembers(root, GroupMembers.runningCount(root, STREAM, GROUP,
                    broker, RATE, root.resolve("snapshots").toString()), List.of(operator, timedStream(broker),
                    summedStream(broker)))) {
                for (int i = 0; i < 3; i++) {
                    runs.add(members.launch());
                }
                Await.until("each of the three members to own partitions, all six between them",
                        () -> runs.stream().allMatch(r -> !MemberLogs.owned(r, GROUP).isEmpty()
                                && !MemberLogs.owned(r, SUMMED_GROUP).isEmpty())
                                && ownedByAll(runs, GROUP, TIMED_GROUP, SUMMED_GROUP) == PARTITIONS,
                        () -> MemberLogs.describe(runs));
                // two batches' grace for the last rebalance
                long settledAt = System.currentTimeMillis() + 1_000;
                for (SluiceRun run : runs) {
                    assertThat(run.output()).contains("Stream " + STREAM + " shares its work in group " + GROUP);
                    run.awaitOutput("Stream " + TIMED_STREAM + " shares its work in group " + TIMED_GROUP);
                    run.awaitOutput("Stream " + SUMMED_STREAM + " shares its work in group " + SUMMED_GROUP);
                }
                // the summed count runs furthest behind on a busy machine: the kill waits for its batches of the
                // group standing still too, as GroupSharingIT's waits for its steady batches
                Await.until("a fifth of the lines counted, the timed count's first batch committed, and three whole"
                        + " batches of the summed count while its group stood still", OUTPUT_POLL, () -> true,
                        () -> new RunningCounts(broker, "counts", PARTITIONS).linesCounted() >= LINES / 5
                                && new TimedRunningCounts(broker, "timed", PARTITIONS).counted("#") > 0
                                && summedWhileStill(broker, runs, settledAt, Long.MAX_VALUE).size() >= 3,
                        () -> MemberLogs.describe(runs));
                // the windows read every line in their first batch and hold them for a window's length: declared
                // only now, so that the kill comes while they hold lines, however long the waits above took
                for (SluiceRun run : runs) {
                    declare(members, run, windowStreams);
                }
                Await.until("each member to own partitions of both windows, and their first slides committed",
                        OUTPUT_POLL, () -> true,
                        () -> runs.stream().allMatch(r -> !MemberLogs.owned(r, WINDOWED_GROUP).isEmpty()
                                && !MemberLogs.owned(r, GROUPED_GROUP).isEmpty())
                                && ownedByAll(runs, WINDOWED_GROUP, GROUPED_GROUP) == PARTITIONS
                                && windows(broker).latestSlide() > 0 && lists(broker).latestSlide() > 0,
                        () -> MemberLogs.describe(runs));

                SluiceRun victim = runs.get(1);
                int countedAtKill = new RunningCounts(broker, "counts", PARTITIONS).linesCounted();
                long timedAtKill = new TimedRunningCounts(broker, "timed", PARTITIONS).counted("#");
                int windowedAtKill = windows(broker).linesHeld();
                int listedAtKill = lists(broker).linesHeld();
                long killedAt = System.currentTimeMillis();
                long killed = System.nanoTime();
                victim.kill();
                runs.remove(victim);
                Await.until("the survivors to own every partition", () -> ownedByAll(runs, GROUP, TIMED_GROUP, WINDOWED_GROUP, GROUPED_GROUP, SUMMED_GROUP)
                        == PARTITIONS,
                        () -> MemberLogs.describe(runs));
                System.out.println("RunningCountSharingIT: the survivors took the input over "
                        + Duration.ofNanos(System.nanoTime() - killed).toMillis() + " ms after the SIGKILL, with "
                        + countedAtKill + " of " + LINES + " lines counted (" + timedAtKill + " by the timed count, "
                        + windowedAtKill + " by the windowed count, " + listedAtKill + " by the windowed lists)");

                // a member that joins computes windows from its start on: the group's must not lag a window behind
                // (once every line is counted the windows empty and write nothing, so their latest slide stays)
                Await.until("the windowed count to keep up after the kill", OUTPUT_POLL, () -> true,
                        () -> (windows(broker).latestSlide() > System.currentTimeMillis() - 2 * SLIDE.toMillis()
                                || windows(broker).linesHeld() == LINES)
                                && (lists(broker).latestSlide() > System.currentTimeMillis() - 2 * SLIDE.toMillis()
                                || lists(broker).linesHeld() == LINES),
                        () -> "latest slide " + windows(broker).latestSlide() + "\n" + MemberLogs.describe(runs));
                SluiceRun joining = members.launch();
                declare(members, joining, windowStreams);
                runs.add(joining);
                Await.until("the member that joined later to own partitions",
                        () -> !MemberLogs.owned(joining, GROUP).isEmpty() && !MemberLogs.owned(joining, TIMED_GROUP).isEmpty()
                                && !MemberLogs.owned(joining, WINDOWED_GROUP).isEmpty()
                                && !MemberLogs.owned(joining, GROUPED_GROUP).isEmpty()
                                && !MemberLogs.owned(joining, SUMMED_GROUP).isEmpty(),
                        () -> MemberLogs.describe(runs));
                Await.until("the running counts to reach every word sent", OUTPUT_POLL, () -> true,
                        () -> new RunningCounts(broker, "counts", PARTITIONS).latestWords().equals(expected)
                                && new RunningCounts(broker, "totals", PARTITIONS).latestWords().equals(expected),
                        () -> "counted " + new RunningCounts(broker, "counts", PARTITIONS).latestWords() + ", summed "
                                + new RunningCounts(broker, "totals", PARTITIONS).latestWords() + ", expected " + expected + "\n"
                                + MemberLogs.describe(runs));
                var timedExpected = new TreeMap<String, Integer>(expected);
                for (int line = 0; line < LINES; line++) {
                    timedExpected.put(KafkaLines.tag(line), 1);
                }
                Await.until("the timed running count to count and time out every word and tag sent", OUTPUT_POLL,
                        () -> true, () -> new TimedRunningCounts(broker, "timed", PARTITIONS)
                                .brokenSequences(timedExpected, INITIAL).isEmpty(),
                        () -> new TimedRunningCounts(broker, "timed", PARTITIONS).brokenSequences(timedExpected, INITIAL)
                                .stream().limit(20).toList() + "\n" + MemberLogs.describe(runs));
                Await.until("the windowed count to have counted every line in some window", OUTPUT_POLL, () -> true,
                        () -> windows(broker).linesHeld() == LINES, () -> "counted " + windows(broker).linesHeld()
                                + " lines in slides " + windows(broker).slides() + "\n" + MemberLogs.describe(runs));
                Await.until("the windowed lines to have held every line in some window", OUTPUT_POLL, () -> true,
                        () -> lists(broker).linesHeld() == LINES, () -> "held " + lists(broker).linesHeld()
                                + " lines in slides " + lists(broker).slides() + "\n" + MemberLogs.describe(runs));
                for (SluiceRun run : runs) {
                    run.stop();
                }
                runs.add(victim);
                for (SluiceRun run : runs) {
                    assertThat(RESTORED.matcher(run.output()).find()).as(run.name() + " restored running counts").isTrue();
                }
                var restores = runs.stream().flatMap(r -> RESTORED.matcher(r.output()).results()).toList();
                System.out.println("RunningCountSharingIT: " + restores.size() + " restores from the changelog, the"
                        + " largest " + restores.stream().mapToInt(m -> Integer.parseInt(m.group(1))).max().orElse(0)
                        + " keys, the longest " + restores.stream().mapToInt(m -> Integer.parseInt(m.group(2))).max()
                        .orElse(0) + " ms");

                checkRunningCounts("running count", new RunningCounts(broker, "counts", PARTITIONS), input, expected, killedAt,
                        t -> true);
                assertThat(snapshottedPartitions()).as("key partitions of the running count with a snapshot in"
                        + " group.snapshots").isEqualTo(PARTITIONS);
                System.out.println("RunningCountSharingIT: keys restored from snapshots, per restore: " + runs.stream()
                        .flatMap(r -> FROM_SNAPSHOTS.matcher(r.output()).results().map(m -> m.group(1))).toList());
                assertThat(runs).as("a member that restored the summed count's key partitions from its changelog")
                        .anyMatch(r -> Pattern.compile("Restored the state of key partitions \\[[^]]*] of sluice-"
                                + SUMMED_GROUP + "-changelog-").matcher(r.output()).find());
                // a word count's key partition taken over brings its words into a later batch than their lines'
                // tags (as the histogram chain in GroupSharingIT): whole batches are one container's only while
                // the group stands still (summedWhileStill)
                Set<Long> still = Set.copyOf(summedWhileStill(broker, runs, settledAt, killedAt));
                checkRunningCounts("summed running count (reduceByKey, then updateStateByKey)",
                        new RunningCounts(broker, "totals", PARTITIONS), input, expected, killedAt, still::contains);

                var timed = new TimedRunningCounts(broker, "timed", PARTITIONS);
                assertThat(timed.brokenSequences(timedExpected, INITIAL)).as("keys whose mapWithState output is not one"
                        + " container's").isEmpty();
                assertThat(timed.misplacedTimeouts(TIMEOUT_MS)).as("timeouts in another batch than one container's")
                        .isEmpty();
                assertThat(timed.timedOut("#")).as("tags timed out").isEqualTo(LINES);
                assertThat(timed.timedOut("quiet")).as("initial keys never sent, timed out").isEqualTo(3);
                System.out.println("RunningCountSharingIT: the mapWithState counted and timed out all " + LINES
                        + " tags and " + expected.size() + " words, each as one container would");

                checkWindows(broker, input, runs, killedAt);
                checkGroupedWindows(broker, input, runs, killedAt);
            }
        }
    }

    /**
     * At most one count per key and batch, none going backwards, every word counted as often as sent
     * and every line once, and every batch holding all key partitions that {@code compared} takes equal
     * to one container's running count of the lines whose tags it holds, at least three of them, and
     * some after the kill when it takes those.
     */
    private static void checkRunningCounts(String what, RunningCounts output, KafkaLines input,
                                           Map<String, Integer> expected, long killedAt,
                                           java.util.function.LongPredicate compared) {
        assertThat(output.twiceInABatch()).as("%s: keys with more than one count in a batch", what).isEmpty();
        assertThat(output.goingBackwards()).as("%s: counts that went down from one batch to a later one", what)
                .isEmpty();
        assertThat(output.latestWords()).as(what).isEqualTo(expected);
        assertThat(output.linesCounted()).as(what).isEqualTo(LINES);
        List<Long> whole = output.batchesWithEveryKeyPartition().stream().filter(compared::test).toList();
        assertThat(whole).as("%s: whole batches compared with one container's", what).hasSizeGreaterThanOrEqualTo(3);
        for (long batch : whole) {
            assertThat(output.words(batch)).as(what + ": batch " + batch + " against one container's running count of"
                    + " the lines it holds").isEqualTo(output.singleContainerCount(batch, input));
        }
        long afterKill = whole.stream().filter(t -> t > killedAt).count();
        if (compared.test(Long.MAX_VALUE)) {
            assertThat(afterKill).as("%s: whole batches after the kill, the victim's counts restored", what).isPositive();
        }
        System.out.println("RunningCountSharingIT: " + what + ": " + output.batches().size() + " batches, "
                + whole.size() + " holding every key partition, each equal to one container's running count ("
                + afterKill + " after the kill)");
    }

    /**
     * The summed count's batches holding every key partition while its group stood still: after
     * {@code settledAt}, before {@code until}, and before the first batch after {@code settledAt} that
     * a member restored key partitions for or had a hand-over refused. Its batches run late on a busy
     * machine, so one made before the kill may run after the takeover: the members' logs, not the
     * clock, say when the group moved.
     */
    private static List<Long> summedWhileStill(KafkaBroker broker, List<SluiceRun> runs, long settledAt, long until) {
        long moved = Stream.concat(MemberLogs.restoredBefore(runs, SUMMED_GROUP).stream(),
                MemberLogs.refusedBatches(runs, SUMMED_GROUP).stream())
                .filter(t -> t > settledAt).min(Long::compare).orElse(Long.MAX_VALUE);
        return new RunningCounts(broker, "totals", PARTITIONS).batchesWithEveryKeyPartition().stream()
                .filter(t -> t > settledAt && t < Math.min(until, moved)).toList();
    }

    /** The fifth stream, declared in every member's deploy/: the summed running count of the same lines, to {@code totals}. */
    private Path summedStream(KafkaBroker broker) throws Exception {
        return declaredStream(broker, SUMMED_STREAM, SUMMED_GROUP, "totals", "500ms",
                "stages = values, words, summed",
                "stage.values = kafka-value",
                "stage.words = split-words",
                "stage.words.dropEmpty = true",
                "stage.summed = " + SummedRunningCount.TYPE);
    }

    /** The second stream, declared in every member's deploy/: the timed running count of the same lines, to {@code timed}. */
    private Path timedStream(KafkaBroker broker) throws Exception {
        String brokers = broker.bootstrapServers();
        return Files.writeString(root.resolve("dev.sluice.stream-" + TIMED_STREAM + ".cfg"), String.join("\n",
                "source = kafka",
                "source.topics = lines",
                "source.kafka.bootstrap.servers = " + brokers,
                "source.startingOffsets = earliest",
                "source.maxRatePerPartition = " + RATE,
                "stages = values, words, timed",
                "stage.values = kafka-value",
                "stage.words = split-words",
                "stage.words.dropEmpty = true",
                "stage.timed = " + TimedRunningCount.TYPE,
                "stage.timed.timeoutMs = " + TIMEOUT_MS,
                "stage.timed.initial = " + String.join(",", INITIAL.entrySet().stream()
                        .map(e -> e.getKey() + ":" + e.getValue()).sorted().toList()),
                "outputs = out",
                "sink.out = kafka",
                "sink.out.kafka.bootstrap.servers = " + brokers,
                "sink.out.topic = timed",
                "batch = 500ms",
                "group = " + TIMED_GROUP,
                "group.brokers = " + brokers,
                "group.sessionTimeout = 6s",
                ""));
    }

    /** The key partitions of the running count's changelog that have a snapshot in the group's snapshot directory. */
    private long snapshottedPartitions() throws java.io.IOException {
        try (var changelogs = Files.list(root.resolve("snapshots"))) {
            Path changelog = changelogs.filter(d -> d.getFileName().toString().startsWith("sluice-" + GROUP
                    + "-changelog-")).findFirst().orElseThrow();
            try (var partitions = Files.list(changelog)) {
                return partitions.filter(p -> {
                    try (var files = Files.list(p)) {
                        return files.anyMatch(f -> !f.getFileName().toString().startsWith("."));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).count();
            }
        }
    }

    /** Puts the declared streams {@code files} in {@code member}'s deploy/, which it watches. */
    private static void declare(GroupMembers members, SluiceRun member, List<Path> files) throws Exception {
        for (Path f : files) {
            Path deploy = members.home(member).resolve("deploy");
            // written aside and moved in, so the watcher never reads half a file
            Path aside = Files.copy(f, deploy.getParent().resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            Files.move(aside, deploy.resolve(f.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** The input partitions the members own between them, in each of the streams' {@code groups} (the fewest). */
    private static int ownedByAll(List<SluiceRun> runs, String... groups) {
        int fewest = PARTITIONS;
        for (String group : groups) {
            fewest = Math.min(fewest, MemberLogs.ownedByAll(runs, group, "lines", PARTITIONS).size());
        }
        return fewest;
    }

    /**
     * The windowed count of the same lines, shared by the same members (the victim's windows taken
     * over by the survivors, from the changelog): at most one count per key and slide, every line
     * counted in some window and never in a window that does not hold its batch, and every slide
     * that holds all key partitions equal to one container's windowed count of the lines it holds.
     */
    private static void checkWindows(KafkaBroker broker, KafkaLines input, List<SluiceRun> runs, long killedAt) {
        checkWindowed("windowed count", WINDOWED, WINDOWED_GROUP, windows(broker), input, runs, killedAt);
    }

    /**
     * The groupByKeyAndWindow of the same lines, shared the same way: one list per word and slide,
     * each tag listed once with itself, every line held by some window and never by a window that does
     * not hold its batch, and every slide that holds all key partitions giving each word the tags of
     * exactly the window's lines it occurs in, as often as it occurs in them (one container's lists).
     */
    private static void checkGroupedWindows(KafkaBroker broker, KafkaLines input, List<SluiceRun> runs, long killedAt) {
        checkWindowed("groupByKeyAndWindow", GROUPED, GROUPED_GROUP, lists(broker), input, runs, killedAt);
    }

    private static void checkWindowed(String what, String stream, String group, WindowedOutput<?> output,
                                      KafkaLines input, List<SluiceRun> runs, long killedAt) {
        for (SluiceRun run : runs) {
            assertThat(run.output()).contains("Stream " + stream + " shares its work in group " + group);
        }
        Pattern restored = Pattern.compile("Restored the state of key partitions \\[[^]]*] of sluice-" + group
                + "-changelog-");
        assertThat(runs).as("a member that restored the %s's key partitions from its changelog", what)
                .anyMatch(r -> restored.matcher(r.output()).find());
        assertThat(output.notOnce()).as("%s: keys given twice in a slide, or tags not given their line once", what)
                .isEmpty();
        assertThat(output.linesHeld()).isEqualTo(LINES);
        assertThat(output.linesOutsideTheirWindows(WINDOW.minus(SLIDE).toMillis()))
                .as("%s: lines in a window that does not hold their batch", what).isEmpty();
        // a slide that also counted late batches (logged by the member) is not one container's window
        var late = MemberLogs.slidesWithLateBatches(runs);
        List<Long> whole = output.slidesWithEveryKeyPartition().stream().filter(t -> !late.contains(t)).toList();
        for (long slide : whole) {
            assertThat(slide % SLIDE.toMillis()).as("slide %d on the grid of the slide", slide).isZero();
            assertThat((Object) output.words(slide)).as("slide " + slide + " against one container's " + what
                    + " of the lines it holds").isEqualTo(output.singleContainer(slide, input));
        }
        long afterKill = whole.stream().filter(t -> t > killedAt).count();
        assertThat(afterKill).as("%s: whole slides after the kill, the victim's windows restored", what).isPositive();
        System.out.println("RunningCountSharingIT: " + what + ": " + output.slides().size() + " slides, "
                + whole.size() + " holding every key partition and no late batch, each equal to one container's window ("
                + afterKill + " after the kill; slides with late batches: " + late + ")");
    }

    private static WindowedLines lists(KafkaBroker broker) {
        return new WindowedLines(broker, "lines-by-window", PARTITIONS);
    }

    /** The groupByKeyAndWindow stream, declared in a file each member finds in its deploy/ folder. */
    private Path groupedStream(KafkaBroker broker) throws Exception {
        return windowStream(broker, GROUPED, GROUPED_GROUP, "lines-by-window",
                "stages = values, lines",
                "stage.values = kafka-value",
                "stage.lines = " + WordLinesByWindow.TYPE,
                "stage.lines.windowMs = " + WINDOW.toMillis(),
                "stage.lines.slideMs = " + SLIDE.toMillis());
    }

    private static WindowedCounts windows(KafkaBroker broker) {
        return new WindowedCounts(broker, "windows", PARTITIONS);
    }

    /** The windowed count, declared in a file each member finds in its deploy/ folder. */
    private Path windowedStream(KafkaBroker broker) throws Exception {
        return windowStream(broker, WINDOWED, WINDOWED_GROUP, "windows",
                "stages = values, words, counts",
                "stage.values = kafka-value",
                "stage.words = split-words",
                "stage.words.dropEmpty = true",
                "stage.counts = count-by-value",
                "stage.counts.window = " + WINDOW.toMillis() + "ms",
                "stage.counts.slide = " + SLIDE.toMillis() + "ms");
    }

    /** A window stream, declared with batches of 1 s ({@link #declaredStream}). */
    private Path windowStream(KafkaBroker broker, String name, String group, String topic, String... stages)
            throws Exception {
        return declaredStream(broker, name, group, topic, "1s", stages);
    }

    /**
     * A stream {@code name} of group {@code group} over the lines topic with {@code stages} (its
     * stage keys), written to {@code topic}, declared in a file of its own folder under the test's root.
     */
    private Path declaredStream(KafkaBroker broker, String name, String group, String topic, String batch,
                                String... stages) throws Exception {
        String brokers = broker.bootstrapServers();
        var lines = new ArrayList<>(List.of(
                "name = " + name,
                "source = kafka",
                "source.topics = lines",
                "source.kafka.bootstrap.servers = " + brokers,
                "source.startingOffsets = earliest",
                "source.maxRatePerPartition = " + RATE));
        lines.addAll(List.of(stages));
        lines.addAll(List.of(
                "outputs = out",
                "sink.out = kafka",
                "sink.out.topic = " + topic,
                "sink.out.kafka.bootstrap.servers = " + brokers,
                "batch = " + batch,
                "group = " + group,
                "group.brokers = " + brokers,
                "group.sessionTimeout = 6s",
                ""));
        Path dir = Files.createDirectories(root.resolve(name));
        return Files.writeString(dir.resolve("dev.sluice.stream-" + name + ".cfg"), String.join("\n", lines));
    }
}
