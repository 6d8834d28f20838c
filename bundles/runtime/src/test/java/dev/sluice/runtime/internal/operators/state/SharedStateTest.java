package dev.sluice.runtime.internal.operators.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Pair;
import dev.sluice.api.Partitioner;
import dev.sluice.runtime.internal.exec.KeyExchangeStep;
import dev.sluice.runtime.internal.exec.ListRdd;
import dev.sluice.runtime.internal.exec.WorkerPool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * updateStateByKey on two members of a group, against one process computing the same batches: each
 * batch's records are split at random between the members, the values meet through the key
 * exchange, and each member holds the state of the key partitions it owns. The group is the
 * exchange's and changelog's contract kept in memory, as Kafka keeps it: a member reads a key
 * partition from the committed progress when it starts following it, and its changelog writes and
 * progress become visible only when its batch commits. Key partitions move between the members
 * (the next owner restores the state as of the last committed batch), and a refused commit makes the
 * member read its partitions again from the committed state.
 */
class SharedStateTest {

    private static final WorkerPool POOL = new WorkerPool(4, "shared-state-test");
    /** A running count that drops a key whose count reaches a multiple of 7, so tombstones are written too. */
    private static final BiFunction<List<Integer>, Optional<Long>, Optional<Long>> COUNT_DROPPING_SEVENS =
            (values, total) -> {
                long n = total.orElse(0L) + values.size();
                return n % 7 == 0 && !values.isEmpty() ? Optional.empty() : Optional.of(n);
            };
    /**
     * A plain running count: after a refused commit the next batch reduces two batches' values at
     * once, which a count that depends on each batch's values (as the one above) would not sum up.
     */
    private static final BiFunction<List<Integer>, Optional<Long>, Optional<Long>> COUNT =
            (values, total) -> Optional.of(total.orElse(0L) + values.size());

    @AfterAll
    static void stopPool() {
        POOL.close();
    }

    @Test
    void shouldHoldEachKeyOnItsPartitionsOwnerAndMoveItsStateWithThePartition() throws Exception {
        var group = new MemoryGroup(2);
        var members = List.of(new Member(group, 0, Partitioner.hash(3), COUNT_DROPPING_SEVENS, 0),
                new Member(group, 1, Partitioner.hash(5), COUNT_DROPPING_SEVENS, 0));
        var reference = new Reference(COUNT_DROPPING_SEVENS);
        Random random = new Random(17);
        for (int batch = 1; batch <= 8; batch++) {
            // partition 2 moves to member 0 at batch 4, and partition 0 to member 1 at batch 6
            group.own(0, batch < 4 ? Set.of(0, 1) : batch < 6 ? Set.of(0, 1, 2) : Set.of(1, 2));
            group.own(1, batch < 4 ? Set.of(2, 3) : batch < 6 ? Set.of(3) : Set.of(0, 3));
            List<Pair<String, Integer>> records = words(random, 120);
            Map<String, Long> shared = runBatch(members, batch, records, Set.of());
            assertThat(shared).as("batch %d", batch).isEqualTo(reference.next(records));
        }
        assertThat(group.tombstones).as("removed keys written as tombstones").isPositive();
    }

    @Test
    void shouldGoBackToTheCommittedStateWhenTheGroupRefusesACommit() throws Exception {
        var group = new MemoryGroup(2);
        List<Member> members = halves(group, 2);
        var reference = new Reference(COUNT);
        Random random = new Random(23);
        for (int batch = 1; batch <= 6; batch++) {
            List<Pair<String, Integer>> records = words(random, 100);
            // member 0's commit of batch 3 is refused: its part is aborted, so its output of batch 3 is not seen,
            // its state goes back to batch 2's, and batch 4 reduces batch 3's values again with its own
            Map<String, Long> expected = reference.next(records);
            Map<String, Long> shared = runBatch(members, batch, records, batch == 3 ? Set.of(0) : Set.of());
            if (batch == 3) {
                assertThat(shared.keySet()).allMatch(k -> group.owner(k) == 1);
                continue;
            }
            assertThat(shared).as("batch %d", batch).isEqualTo(expected);
        }
    }

    @Test
    void shouldKeepTheRestoredStateWhenTheFirstBatchAfterARestartFails() throws Exception {
        var group = new MemoryGroup(2);
        var members = new ArrayList<>(halves(group, 3));
        var reference = new Reference(COUNT);
        Random random = new Random(31);
        for (int batch = 1; batch <= 6; batch++) {
            List<Pair<String, Integer>> records = words(random, 100);
            if (batch == 4) {
                // member 1 restarts with no state: it restores its partitions, and its function fails that batch,
                // whose values of those partitions are lost, as one process loses a failed batch's values
                group.refuse(1);
                members.set(1, new Member(group, 1, Partitioner.hash(3), COUNT, 4));
                Map<String, Long> shared = runBatch(members, batch, records, Set.of());
                Map<String, Long> expected = reference.next(records.stream().filter(r -> group.owner(r.key()) == 0)
                        .toList());
                expected.keySet().removeIf(k -> group.owner(k) == 1);
                assertThat(shared).as("batch 4, member 0's keys").isEqualTo(expected);
                continue;
            }
            assertThat(runBatch(members, batch, records, Set.of())).as("batch %d", batch)
                    .isEqualTo(reference.next(records));
        }
    }

    @Test
    void shouldStartEveryKeyPartitionFromTheInitialStateWhereverItMoves() throws Exception {
        var group = new MemoryGroup(2);
        // w0..w39 come in the batches; w30..w49 start with a count, so w40..w49 are never changed
        var initial = new ArrayList<Pair<String, Long>>();
        for (int i = 30; i < 50; i++) {
            initial.add(Pair.of("w" + i, (long) i));
        }
        var members = new ArrayList<>(List.of(
                new Member(group, 0, Partitioner.hash(3), COUNT_DROPPING_SEVENS, 0, initial),
                new Member(group, 1, Partitioner.hash(5), COUNT_DROPPING_SEVENS, 0, initial)));
        var reference = new Reference(COUNT_DROPPING_SEVENS, initial);
        Random random = new Random(41);
        for (int batch = 1; batch <= 10; batch++) {
            // partitions move back and forth, so each is restored by both members, from the initial keys and the changelog
            group.own(0, batch < 4 ? Set.of(0, 1) : batch < 7 ? Set.of(2, 3) : Set.of(0, 3));
            group.own(1, batch < 4 ? Set.of(2, 3) : batch < 7 ? Set.of(0, 1) : Set.of(1, 2));
            if (batch == 8) {
                // member 1 restarts: it computes the initial state again and restores every partition it owns
                group.refuse(1);
                members.set(1, new Member(group, 1, Partitioner.hash(2), COUNT_DROPPING_SEVENS, 0, initial));
            }
            List<Pair<String, Integer>> records = words(random, 120);
            assertThat(runBatch(members, batch, records, Set.of())).as("batch %d", batch)
                    .isEqualTo(reference.next(records));
        }
        assertThat(group.removalMarkers).as("removed initial keys written as empty states, not tombstones")
                .isPositive();
    }

    @Test
    void shouldRestoreTheInitialStateAgainAfterAMemberDiesBeforeItsFirstCommit() throws Exception {
        var group = new MemoryGroup(2);
        var initial = List.of(Pair.of("w1", 10L), Pair.of("w2", 20L), Pair.of("w3", 30L), Pair.of("never", 5L));
        group.own(0, Set.of(0, 1));
        group.own(1, Set.of(2, 3));
        var members = new ArrayList<>(List.of(new Member(group, 0, Partitioner.hash(2), COUNT, 0, initial),
                new Member(group, 1, Partitioner.hash(2), COUNT, 0, initial)));
        var reference = new Reference(COUNT, initial);
        Random random = new Random(43);
        for (int batch = 1; batch <= 5; batch++) {
            List<Pair<String, Integer>> records = words(random, 60);
            Map<String, Long> expected = reference.next(records);
            if (batch == 1) {
                // member 1 dies before its first commit: nothing of it is written; its next incarnation starts over
                Map<String, Long> shared = runBatch(members, batch, records, Set.of(1));
                assertThat(shared.keySet()).allMatch(k -> group.owner(k) == 0);
                members.set(1, new Member(group, 1, Partitioner.hash(3), COUNT, 0, initial));
                continue;
            }
            // batch 2 reduces batch 1's values of member 1's partitions with its own, on top of the initial state
            assertThat(runBatch(members, batch, records, Set.of())).as("batch %d", batch).isEqualTo(expected);
        }
    }

    /** Two members counting, member 0 owning key partitions 0 and 1, member 1 (with {@code shuffles} partitions) 2 and 3. */
    private static List<Member> halves(MemoryGroup group, int shuffles) {
        group.own(0, Set.of(0, 1));
        group.own(1, Set.of(2, 3));
        return List.of(new Member(group, 0, Partitioner.hash(2), COUNT, 0),
                new Member(group, 1, Partitioner.hash(shuffles), COUNT, 0));
    }

    /** Runs one batch on every member (in parallel, as processes would); the union of the committed outputs. */
    private static Map<String, Long> runBatch(List<Member> members, int batch, List<Pair<String, Integer>> records,
                                              Set<Integer> refused) throws Exception {
        List<List<Pair<String, Integer>>> parts = MemoryGroup.split(records, members.size(), new Random(batch));
        List<List<Pair<String, Long>>> outputs = MemoryGroup.inParallel(members.size(),
                m -> members.get(m).run(batch, parts.get(m)));
        var union = new TreeMap<String, Long>();
        for (int m = 0; m < members.size(); m++) {
            if (outputs.get(m) == null) {
                continue; // the batch failed on this member: nothing of it is committed
            }
            if (refused.contains(m)) {
                members.get(m).group.refuse(m);
                continue;
            }
            members.get(m).group.commit(m, batch);
            for (Pair<String, Long> p : outputs.get(m)) {
                assertThat(union.put(p.key(), p.value())).as("%s held by one member only", p.key()).isNull();
            }
        }
        return union;
    }

    private static List<Pair<String, Integer>> words(Random random, int n) {
        var words = new ArrayList<Pair<String, Integer>>();
        for (int i = 0; i < n; i++) {
            words.add(Pair.of("w" + random.nextInt(40), 1));
        }
        return words;
    }

    /** One process's running count: the obviously right answer. */
    private static final class Reference {
        private final Map<String, Long> state = new TreeMap<>();
        private final BiFunction<List<Integer>, Optional<Long>, Optional<Long>> update;

        Reference(BiFunction<List<Integer>, Optional<Long>, Optional<Long>> update) {
            this(update, List.of());
        }

        Reference(BiFunction<List<Integer>, Optional<Long>, Optional<Long>> update, List<Pair<String, Long>> initial) {
            this.update = update;
            initial.forEach(p -> state.put(p.key(), p.value()));
        }

        Map<String, Long> next(List<Pair<String, Integer>> records) {
            var values = new HashMap<String, List<Integer>>();
            records.forEach(r -> values.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value()));
            var keys = new HashSet<>(state.keySet());
            keys.addAll(values.keySet());
            for (String k : keys) {
                Optional<Long> s = update.apply(values.getOrDefault(k, List.of()), Optional.ofNullable(state.get(k)));
                if (s.isPresent()) {
                    state.put(k, s.get());
                } else {
                    state.remove(k);
                }
            }
            return new TreeMap<>(state);
        }
    }

    /** One member's updateStateByKey: each batch's state from the previous one, its part of the values exchanged. */
    private static final class Member {
        final MemoryGroup group;
        private final int id;
        private final Partitioner partitioner;
        private final BiFunction<List<Integer>, Optional<Long>, Optional<Long>> update;
        /** The batch whose function fails on this member, or 0. */
        private final int failingBatch;
        /** The initial state, computed on this member as every member computes it from the application; or null. */
        private final InitialKeys initial;
        private StateRdd<String, Integer, Long> state;

        Member(MemoryGroup group, int id, Partitioner partitioner,
               BiFunction<List<Integer>, Optional<Long>, Optional<Long>> update, int failingBatch) {
            this(group, id, partitioner, update, failingBatch, null);
        }

        Member(MemoryGroup group, int id, Partitioner partitioner,
               BiFunction<List<Integer>, Optional<Long>, Optional<Long>> update, int failingBatch,
               List<Pair<String, Long>> initial) {
            this.group = group;
            this.id = id;
            this.partitioner = partitioner;
            this.update = update;
            this.failingBatch = failingBatch;
            this.initial = initial == null ? null
                    : InitialKeys.of(new InitialStateRdd<>(ListRdd.of(initial, 2), partitioner));
        }

        /** What this member outputs of batch {@code batch}; null when the batch failed. */
        List<Pair<String, Long>> run(int batch, List<Pair<String, Integer>> part) {
            KeyExchangeStep step = group.step(id, batch);
            BiFunction<List<Integer>, Optional<Long>, Optional<Long>> f = batch != failingBatch ? update : (v, s) -> {
                throw new IllegalStateException("the function fails batch " + batch);
            };
            state = new StateRdd<>(state, MemoryGroup.grouped(part, partitioner, step), f,
                    partitioner.numPartitions(), state != null).sharedAs(new SharedState(step, partitioner, initial, false));
            try {
                return MemoryGroup.computed(POOL, state);
            } catch (RuntimeException e) {
                assertThat(e).hasStackTraceContaining("the function fails batch " + batch);
                return null;
            }
        }
    }
}
