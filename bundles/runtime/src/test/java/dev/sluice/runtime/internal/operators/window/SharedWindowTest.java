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
 * reduceByKeyAndWindow on two members of a group, against one process's windows of the same
 * batches: a window of four batches sliding by two (batches of 1 s), each batch's records split at
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
        var members = new ArrayList<>(List.of(new Member(group, 0, Partitioner.hash(3), MINUS, null),
                new Member(group, 1, Partitioner.hash(5), MINUS, null)));
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
        var members = new ArrayList<>(List.of(new Member(group, 0, Partitioner.hash(2), MINUS, nonZero),
                new Member(group, 1, Partitioner.hash(3), MINUS, nonZero)));
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
        var members = new ArrayList<>(List.of(new Member(group, 0, Partitioner.hash(2), null, null),
                new Member(group, 1, Partitioner.hash(4), null, null)));
        var reference = new Reference(false, null);
        var random = new Random(13);
        for (int slide = 1; slide <= 7; slide++) {
            int end = slide * SLIDE_BATCHES;
            if (end == 8) {
                // member 1's process restarts: it holds nothing, and reads its partitions from the committed progress
                group.refuse(1);
                members.set(1, new Member(group, 1, Partitioner.hash(4), null, null));
            }
            var batches = batches(random, end);
            assertThat(runSlide(members, end, batches, b -> () -> { }, Set.of())).as("window at batch %d", end)
                    .isEqualTo(reference.slide(end, batches));
        }
    }

    @Test
    void shouldCountBatchesThatCameAfterTheirWindowsPassedWithTheBatchTheyCameWith() throws Exception {
        var group = new MemoryGroup(2);
        var members = List.of(new Member(group, 0, Partitioner.hash(2), MINUS, null),
                new Member(group, 1, Partitioner.hash(3), MINUS, null));
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
    private static Map<String, Long> runSlide(List<Member> members, int end,
                                              TreeMap<Integer, List<Pair<String, Long>>> batches,
                                              IntFunction<Runnable> moves, Set<Integer> refused) throws Exception {
        var entering = new ArrayList<List<SharedWindow.Entering<String, Long>>>();
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
        List<List<Pair<String, Long>>> outputs = MemoryGroup.inParallel(members.size(),
                m -> members.get(m).window(end, entering.get(m)));
        var union = new TreeMap<String, Long>();
        for (int m = 0; m < members.size(); m++) {
            if (refused.contains(m)) {
                members.get(m).group.refuse(m);
                continue;
            }
            members.get(m).group.commit(m, end);
            for (Pair<String, Long> p : outputs.get(m)) {
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
    private static final class Member {
        final MemoryGroup group;
        private final int id;
        private final Partitioner partitioner;
        private final SharedWindow<String, Long> window;

        Member(MemoryGroup group, int id, Partitioner partitioner, BinaryOperator<Long> inverse,
               Predicate<Pair<String, Long>> keep) {
            this.group = group;
            this.id = id;
            this.partitioner = partitioner;
            this.window = new SharedWindow<>(SUM, Aggregator.reducing(SUM), inverse, keep, WINDOW, partitioner);
        }

        SharedWindow.Entering<String, Long> exchange(int batch, List<Pair<String, Long>> part) {
            var step = group.step(id, batch);
            var reduced = new ShuffledRdd<>(ListRdd.of(part, 2), SharedWindow.reducingIn(step.batch(), Aggregator.reducing(SUM)),
                    partitioner).exchangedThrough(step);
            POOL.prepare(reduced);
            return new SharedWindow.Entering<>(step.batch(), step, reduced);
        }

        List<Pair<String, Long>> window(int end, List<SharedWindow.Entering<String, Long>> entering) {
            return MemoryGroup.computed(POOL, new SharedWindowRdd<>(window, new Time(end * 1000L), entering,
                    partitioner.numPartitions()));
        }
    }
}
