package dev.sluice.runtime.internal.operators.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.HashPartitioning;
import dev.sluice.api.Pair;
import dev.sluice.api.Partitioner;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.Aggregator;
import dev.sluice.runtime.internal.exec.ListRdd;
import dev.sluice.runtime.internal.exec.ShuffledRdd;
import dev.sluice.runtime.internal.exec.WorkerPool;
import dev.sluice.runtime.internal.operators.state.MemoryGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * reduceByKeyAndWindow (and groupByKeyAndWindow, and reduceByWindow's one key) on two members of a
 * group, against one process's windows of the same batches: a window of four batches sliding by two (batches of 1 s), each batch's records split at
 * random between the members, the reduced batches meeting through the key exchange and each
 * member holding the windows of the key partitions it owns. The group is the exchange's and
 * changelog's contract kept in memory ({@link MemoryGroup}). Key partitions move between the
 * members in the middle of a slide and at its start, a member restarts with nothing held, the
 * group refuses a commit, and a partition no member held for a while comes back with batches older
 * than the window; every slide's committed output is one container's window.
 */
class SharedWindowTest {

    private static final WorkerPool POOL = new WorkerPool(4, "shared-window-test");
    private static final Duration WINDOW = Duration.ofSeconds(4);
    private static final int SLIDE_BATCHES = 2;
    private static final BinaryOperator<Long> SUM = Long::sum;
    private static final BinaryOperator<Long> MINUS = (a, b) -> a - b;

    @AfterAll
    static void stopPool() {
        POOL.close();
    }

    @Test
    void shouldKeepEachKeyPartitionsWindowOnItsOwnerAndMoveItWithThePartitionMidSlide() throws Exception {
        var group = new MemoryGroup(2);
        var members = new ArrayList<>(List.of(Member.summing(group, 0, Partitioner.hash(3), MINUS, null),
                Member.summing(group, 1, Partitioner.hash(5), MINUS, null)));
        var reference = new Reference(true, null);
        var random = new Random(7);
        boolean sawZero = false;
        for (int slide = 1; slide <= 9; slide++) {
            int end = slide * SLIDE_BATCHES;
            // partition 2 moves to member 0 at batch 5 (mid-slide), partition 0 to member 1 at batch 9 (a slide's
            // start), and partition 3 to member 0 at batch 14 (mid-slide again)
            IntFunction<Runnable> moves = b -> () -> {
                group.own(0, b < 5 ? Set.of(0, 1) : b < 9 ? Set.of(0, 1, 2) : b < 14 ? Set.of(1, 2) : Set.of(1, 2, 3));
                group.own(1, b < 5 ? Set.of(2, 3) : b < 9 ? Set.of(3) : b < 14 ? Set.of(0, 3) : Set.of(0));
            };
            var batches = batches(random, end);
            Map<String, Long> shared = runSlide(members, end, batches, moves, Set.of());
            Map<String, Long> expected = reference.slide(end, batches);
            assertThat(shared).as("window at batch %d", end).isEqualTo(expected);
            sawZero |= expected.containsValue(0L);
        }
        assertThat(sawZero).as("keys whose window value fell to zero stay, as one container keeps them").isTrue();
    }

    @Test
    void shouldDropKeysTheFilterRefusesAndGoBackToTheCommittedWindowsWhenACommitIsRefused() throws Exception {
        var group = new MemoryGroup(2);
        Predicate<Pair<String, Long>> nonZero = p -> p.value() != 0L;
        var members = new ArrayList<>(List.of(Member.summing(group, 0, Partitioner.hash(2), MINUS, nonZero),
                Member.summing(group, 1, Partitioner.hash(3), MINUS, nonZero)));
        var reference = new Reference(true, nonZero);
        var random = new Random(11);
        for (int slide = 1; slide <= 8; slide++) {
            int end = slide * SLIDE_BATCHES;
            IntFunction<Runnable> moves = b -> () -> {
                group.own(0, b < 7 ? Set.of(0, 1) : Set.of(0, 1, 3));
                group.own(1, b < 7 ? Set.of(2, 3) : Set.of(2));
            };
            var batches = batches(random, end);
            Map<String, Long> expected = reference.slide(end, batches);
            // member 0's commit of the window at batch 6 is refused: its output is not seen, and it reads its
            // partitions again from the committed progress, batches 5 and 6 included, into their own batches
            Set<Integer> refused = end == 6 ? Set.of(0) : Set.of();
            Map<String, Long> shared = runSlide(members, end, batches, moves, refused);
            if (end == 6) {
                expected.keySet().removeIf(k -> group.owner(k) == 0);
            }
            assertThat(shared).as("window at batch %d", end).isEqualTo(expected);
        }
    }

    @Test
    void shouldRecomputeWindowsWithoutAnInverseAndRestoreThemOnAMemberThatRestarts() throws Exception {
        var group = new MemoryGroup(2);
        group.own(0, Set.of(0, 1));
        group.own(1, Set.of(2, 3));
        var members = new ArrayList<>(List.of(Member.summing(group, 0, Partitioner.hash(2), null, null),
                Member.summing(group, 1, Partitioner.hash(4), null, null)));
        var reference = new Reference(false, null);
        var random = new Random(13);
        for (int slide = 1; slide <= 7; slide++) {
            int end = slide * SLIDE_BATCHES;
            if (end == 8) {
                // member 1's process restarts: it holds nothing, and reads its partitions from the committed progress
                group.refuse(1);
                members.set(1, Member.summing(group, 1, Partitioner.hash(4), null, null));
            }
            var batches = batches(random, end);
            assertThat(runSlide(members, end, batches, b -> () -> { }, Set.of())).as("window at batch %d", end)
                    .isEqualTo(reference.slide(end, batches));
        }
    }

    @Test
    void shouldCountBatchesThatCameAfterTheirWindowsPassedWithTheBatchTheyCameWith() throws Exception {
        var group = new MemoryGroup(2);
        var members = List.of(Member.summing(group, 0, Partitioner.hash(2), MINUS, null),
                Member.summing(group, 1, Partitioner.hash(3), MINUS, null));
        var reference = new Reference(true, null);
        var random = new Random(19);
        var late = new ArrayList<Pair<String, Long>>();
        for (int slide = 1; slide <= 8; slide++) {
            int end = slide * SLIDE_BATCHES;
            // no member holds key partition 3 for batches 5 to 10; member 1 takes it at batch 11, from the
            // progress committed at batch 4: its batches 5 to 8 left every window before it got them
            IntFunction<Runnable> moves = b -> () -> {
                group.own(0, Set.of(0, 1));
                group.own(1, b < 5 || b > 10 ? Set.of(2, 3) : Set.of(2));
            };
            var batches = batches(random, end);
            Map<String, Long> shared = runSlide(members, end, batches, moves, Set.of());
            // one container's windows, were the partition's records of batches 5 to 8 read with batch 11
            var asCounted = new TreeMap<Integer, List<Pair<String, Long>>>();
            batches.forEach((b, records) -> {
                var kept = new ArrayList<Pair<String, Long>>();
                records.forEach(r -> (b >= 5 && b <= 8 && inPartition3(r.key()) ? late : kept).add(r));
                if (b == 11) {
                    kept.addAll(late);
                }
                asCounted.put(b, kept);
            });
            Map<String, Long> expected = reference.slide(end, asCounted);
            if (end >= 6 && end <= 10) {
                expected.keySet().removeIf(SharedWindowTest::inPartition3);
            }
            assertThat(shared).as("window at batch %d", end).isEqualTo(expected);
        }
        assertThat(late).as("records of the partition's late batches").isNotEmpty();
    }

    @Test
    void shouldGroupEachKeysValuesBatchByBatchOnItsOwnerAcrossMovesARestartAndEmptyBatches() throws Exception {
        var group = new MemoryGroup(2);
        var members = new ArrayList<>(List.of(Member.grouping(group, 0, Partitioner.hash(3)),
                Member.grouping(group, 1, Partitioner.hash(2))));
        var reference = new GroupedReference();
        var random = new Random(23);
        for (int slide = 1; slide <= 9; slide++) {
            int end = slide * SLIDE_BATCHES;
            // partition 1 moves to member 1 at batch 5 (mid-slide), partition 2 to member 0 at batch 9 (a slide's
            // start); member 0's process restarts at batch 13 with nothing held, from the committed progress
            IntFunction<Runnable> moves = b -> () -> {
                group.own(0, b < 5 ? Set.of(0, 1) : b < 9 ? Set.of(0) : Set.of(0, 2));
                group.own(1, b < 5 ? Set.of(2, 3) : b < 9 ? Set.of(1, 2, 3) : Set.of(1, 3));
            };
            if (end == 14) {
                group.refuse(0);
                members.set(0, Member.grouping(group, 0, Partitioner.hash(3)));
            }
            // batches 9 and 10 are empty: the window at 10 holds batches 7 and 8 only, the one at 12 batches 11, 12
            var batches = groupedBatches(random, end, slide == 5 ? 0 : 40, 12, 0);
            Map<String, List<String>> shared = runSlide(members, end, batches, moves, Set.of());
            assertThat(runsByBatch(shared)).as("window at batch %d", end).isEqualTo(runsByBatch(reference.slide(end, batches)));
        }
    }

    @Test
    void shouldSplitAKeysGroupedValuesTooLargeForOneRecordAndJoinThemAgainOnItsNextOwner() throws Exception {
        var group = new MemoryGroup(2);
        var members = List.of(Member.grouping(group, 0, Partitioner.hash(2)), Member.grouping(group, 1,
                Partitioner.hash(2)));
        var reference = new GroupedReference();
        var random = new Random(29);
        for (int slide = 1; slide <= 4; slide++) {
            int end = slide * SLIDE_BATCHES;
            // every key partition changes owner at batch 5, in the middle of a slide: each restores batches 3 and 4
            IntFunction<Runnable> moves = b -> () -> {
                group.own(0, b < 5 ? Set.of(0, 1) : Set.of(2, 3));
                group.own(1, b < 5 ? Set.of(2, 3) : Set.of(0, 1));
            };
            // one key gets 3,000 values of 200 characters a batch (some 600 KB): more than one record holds
            var batches = groupedBatches(random, end, 30, 8, 3_000);
            Map<String, List<String>> shared = runSlide(members, end, batches, moves, Set.of());
            assertThat(runsByBatch(shared)).as("window at batch %d", end).isEqualTo(runsByBatch(reference.slide(end, batches)));
            assertThat(shared.get("large")).hasSize(3_000 * Math.min(end, 4));
        }
        assertThat(group.largestRecord).as("the largest record of the exchange and the changelog")
                .isPositive().isLessThanOrEqualTo(256 * 1024);
    }

    @Test
    void shouldReduceAWholeWindowOnTheOwnerOfItsOneKeyAndGiveNothingForAnEmptyWindow() throws Exception {
        // reduceByWindow without an inverse: every record under one key, its partition moving between the members
        var group = new MemoryGroup(2);
        var members = List.of(Member.summing(group, 0, Partitioner.hash(1), null, null),
                Member.summing(group, 1, Partitioner.hash(1), null, null));
        int keyPartition = HashPartitioning.partitionOf("total", MemoryGroup.KEY_PARTITIONS);
        var all = new TreeMap<Integer, Long>();
        var random = new Random(31);
        for (int slide = 1; slide <= 8; slide++) {
            int end = slide * SLIDE_BATCHES;
            // the one key moves to member 1 at batch 5 (mid-slide) and back to member 0 at batch 11 (a slide's start)
            IntFunction<Runnable> moves = b -> () -> {
                boolean atOne = b >= 5 && b < 11;
                group.own(0, atOne ? Set.of() : Set.of(keyPartition));
                group.own(1, atOne ? Set.of(keyPartition) : Set.of());
            };
            var batches = new TreeMap<Integer, List<Pair<String, Long>>>();
            for (int b = end - SLIDE_BATCHES + 1; b <= end; b++) {
                // batches 7 to 10 are empty: the window at 10 has no value, as a reduce of no records has none
                var records = new ArrayList<Pair<String, Long>>();
                int n = b >= 7 && b <= 10 ? 0 : 1 + random.nextInt(30);
                for (int i = 0; i < n; i++) {
                    long v = 1 + random.nextInt(100);
                    records.add(Pair.of("total", v));
                    all.merge(b, v, SUM);
                }
                batches.put(b, records);
            }
            Map<String, Long> expected = new TreeMap<>();
            all.subMap(end - (int) WINDOW.toSeconds(), false, end, true).values()
                    .forEach(v -> expected.merge("total", v, SUM));
            assertThat(runSlide(members, end, batches, moves, Set.of())).as("window at batch %d", end)
                    .isEqualTo(expected);
        }
    }

    /**
     * The slide's batches of grouped values: up to {@code records} records a batch over {@code keys}
     * keys, and {@code large} long values of the key "large"; each value names its batch.
     */
    private static TreeMap<Integer, List<Pair<String, List<String>>>> groupedBatches(Random random, int end, int records,
                                                                                    int keys, int large) {
        var batches = new TreeMap<Integer, List<Pair<String, List<String>>>>();
        String padding = "x".repeat(200);
        for (int b = end - SLIDE_BATCHES + 1; b <= end; b++) {
            var batch = new ArrayList<Pair<String, List<String>>>();
            int n = records == 0 ? 0 : 1 + random.nextInt(records);
            for (int i = 0; i < n; i++) {
                batch.add(Pair.of("w" + random.nextInt(keys), new ArrayList<>(List.of(b + "." + i))));
            }
            for (int i = 0; i < large; i++) {
                batch.add(Pair.of("large", new ArrayList<>(List.of(b + "." + i + "." + padding))));
            }
            Collections.shuffle(batch, random);
            batches.put(b, batch);
        }
        return batches;
    }

    /**
     * Each key's values as the runs of one batch each they come in, each run sorted: a window's values
     * must come batch by batch in time order, while the order within a batch is the exchange's.
     */
    private static Map<String, List<List<String>>> runsByBatch(Map<String, List<String>> windows) {
        var runs = new TreeMap<String, List<List<String>>>();
        windows.forEach((k, values) -> {
            var byRun = new ArrayList<List<String>>();
            String batch = null;
            for (String v : values) {
                String b = v.substring(0, v.indexOf('.'));
                if (!b.equals(batch)) {
                    byRun.add(new ArrayList<>());
                    batch = b;
                }
                byRun.get(byRun.size() - 1).add(v);
            }
            byRun.forEach(Collections::sort);
            runs.put(k, byRun);
        });
        return runs;
    }

    /** One process's groupByKeyAndWindow: each key's values of the window's batches, in batch order. */
    private static final class GroupedReference {
        private final TreeMap<Integer, List<Pair<String, List<String>>>> all = new TreeMap<>();

        Map<String, List<String>> slide(int end, Map<Integer, List<Pair<String, List<String>>>> batches) {
            all.putAll(batches);
            var window = new TreeMap<String, List<String>>();
            all.subMap(end - (int) WINDOW.toSeconds(), false, end, true).values().forEach(records -> records.forEach(r ->
                    window.computeIfAbsent(r.key(), k -> new ArrayList<>()).addAll(r.value())));
            return window;
        }
    }

    private static boolean inPartition3(String key) {
        return HashPartitioning.partitionOf(key, MemoryGroup.KEY_PARTITIONS) == 3;
    }

    /** The records of the batches of the slide ending at batch {@code end}, by batch. */
    private static TreeMap<Integer, List<Pair<String, Long>>> batches(Random random, int end) {
        var batches = new TreeMap<Integer, List<Pair<String, Long>>>();
        for (int b = end - SLIDE_BATCHES + 1; b <= end; b++) {
            var records = new ArrayList<Pair<String, Long>>();
            int n = random.nextInt(40);
            for (int i = 0; i < n; i++) {
                records.add(Pair.of("w" + random.nextInt(30), (long) (1 + random.nextInt(5))));
            }
            batches.put(b, records);
        }
        return batches;
    }

    /**
     * Runs a slide on every member: each batch exchanged by both at once (after {@code moves} set who
     * owns what for it), then the windows; the union of the committed outputs.
     */
    private static <V> Map<String, V> runSlide(List<Member<V>> members, int end,
                                              TreeMap<Integer, List<Pair<String, V>>> batches,
                                              IntFunction<Runnable> moves, Set<Integer> refused) throws Exception {
        var entering = new ArrayList<List<SharedWindow.Entering<String, V>>>();
        members.forEach(m -> entering.add(new ArrayList<>()));
        for (var batch : batches.entrySet()) {
            moves.apply(batch.getKey()).run();
            var parts = MemoryGroup.split(batch.getValue(), members.size(), new Random(batch.getKey()));
            MemoryGroup.inParallel(members.size(), m -> {
                var e = members.get(m).exchange(batch.getKey(), parts.get(m));
                entering.get(m).add(e);
                return e;
            });
        }
        List<List<Pair<String, V>>> outputs = MemoryGroup.inParallel(members.size(),
                m -> members.get(m).window(end, entering.get(m)));
        var union = new TreeMap<String, V>();
        for (int m = 0; m < members.size(); m++) {
            if (refused.contains(m)) {
                members.get(m).group.refuse(m);
                continue;
            }
            members.get(m).group.commit(m, end);
            for (Pair<String, V> p : outputs.get(m)) {
                assertThat(union.put(p.key(), p.value())).as("%s held by one member only", p.key()).isNull();
            }
        }
        return union;
    }

    /** One process's windows: the sum of each key's values in the window's batches. */
    private static final class Reference {
        private final boolean inverse;
        private final Predicate<Pair<String, Long>> keep;
        private final TreeMap<Integer, List<Pair<String, Long>>> all = new TreeMap<>();
        /** With an inverse function, a key stays in the window once it was in one, until the filter drops it. */
        private final Set<String> kept = new HashSet<>();

        Reference(boolean inverse, Predicate<Pair<String, Long>> keep) {
            this.inverse = inverse;
            this.keep = keep;
        }

        Map<String, Long> slide(int end, Map<Integer, List<Pair<String, Long>>> batches) {
            all.putAll(batches);
            var window = new TreeMap<String, Long>();
            if (inverse) {
                kept.forEach(k -> window.put(k, 0L));
            }
            int windowBatches = (int) WINDOW.toSeconds();
            all.subMap(end - windowBatches, false, end, true).values()
                    .forEach(records -> records.forEach(r -> window.merge(r.key(), r.value(), SUM)));
            if (keep != null) {
                window.entrySet().removeIf(e -> !keep.test(Pair.of(e.getKey(), e.getValue())));
            }
            kept.clear();
            kept.addAll(window.keySet());
            return window;
        }
    }

    /** One member's window: its parts of the batches reduced and exchanged, its key partitions' windows held. */
    private static final class Member<V> {
        final MemoryGroup group;
        private final int id;
        private final Partitioner partitioner;
        private final Aggregator<V, V> perBatch;
        private final SharedWindow<String, V> window;

        private Member(MemoryGroup group, int id, Partitioner partitioner, Aggregator<V, V> perBatch,
                       SharedWindow<String, V> window) {
            this.group = group;
            this.id = id;
            this.partitioner = partitioner;
            this.perBatch = perBatch;
            this.window = window;
        }

        /** reduceByKeyAndWindow's sums. */
        static Member<Long> summing(MemoryGroup group, int id, Partitioner partitioner, BinaryOperator<Long> inverse,
                                    Predicate<Pair<String, Long>> keep) {
            return new Member<>(group, id, partitioner, Aggregator.reducing(SUM),
                    new SharedWindow<>(SUM, Aggregator.reducing(SUM), inverse, keep, WINDOW, partitioner));
        }

        /** groupByKeyAndWindow's lists, as the node makes them of one-value lists. */
        static Member<List<String>> grouping(MemoryGroup group, int id, Partitioner partitioner) {
            return new Member<>(group, id, partitioner, Aggregator.concatenating(),
                    new SharedWindow<>(ReducedWindowedNode.concat(), Aggregator.concatenating(), null, null, WINDOW,
                            partitioner));
        }

        SharedWindow.Entering<String, V> exchange(int batch, List<Pair<String, V>> part) {
            var step = group.step(id, batch);
            var reduced = new ShuffledRdd<>(ListRdd.of(part, 2), SharedWindow.reducingIn(step.batch(), perBatch),
                    partitioner).exchangedThrough(step);
            POOL.prepare(reduced);
            return new SharedWindow.Entering<>(step.batch(), step, reduced);
        }

        List<Pair<String, V>> window(int end, List<SharedWindow.Entering<String, V>> entering) {
            return MemoryGroup.computed(POOL, new SharedWindowRdd<>(window, new Time(end * 1000L), entering,
                    partitioner.numPartitions()));
        }
    }
}
