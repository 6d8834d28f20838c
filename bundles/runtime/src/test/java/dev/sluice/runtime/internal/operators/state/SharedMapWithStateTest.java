package dev.sluice.runtime.internal.operators.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Pair;
import dev.sluice.api.Partitioner;
import dev.sluice.api.StateSpec;
import dev.sluice.runtime.internal.exec.KeyExchangeStep;
import dev.sluice.runtime.internal.exec.PipelinedRdd;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.exec.WorkerPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * mapWithState with a timeout on two members of a group, against a tiny model of one process: each
 * batch's records are split at random between the members, each key's records meet on the owner of
 * its key partition, which holds its state and the batch it was last touched. Key partitions move
 * between the members; the next owner restores the states and touch times from the changelog, so a
 * key that goes quiet times out in the same batch as on one container, and its removal is written.
 */
class SharedMapWithStateTest {

    private static final WorkerPool POOL = new WorkerPool(4, "shared-map-with-state-test");
    private static final Duration TIMEOUT = Duration.ofMillis(2_500);
    /** Each record's key with its running count; a timing-out key with its count negated. */
    private static final StateSpec<String, Integer, Long, Pair<String, Long>> SPEC = StateSpec
            .<String, Integer, Long, Pair<String, Long>>function((key, value, state) -> {
                if (state.isTimingOut()) {
                    return Pair.of(key, -state.get());
                }
                long n = state.getOption().orElse(0L) + 1;
                state.update(n);
                return Pair.of(key, n);
            }).timeout(TIMEOUT);

    @AfterAll
    static void stopPool() {
        POOL.close();
    }

    @Test
    void shouldMapEachKeyOnItsPartitionsOwnerAndTimeItOutAsOneProcessWouldAfterItMoved() throws Exception {
        var group = new MemoryGroup(2);
        var members = List.of(new Member(group, 0, Partitioner.hash(3)), new Member(group, 1, Partitioner.hash(2)));
        var model = new Model();
        Random random = new Random(29);
        int timedOut = 0;
        for (int batch = 1; batch <= 12; batch++) {
            group.own(0, batch < 5 ? Set.of(0, 1) : batch < 8 ? Set.of(0, 1, 2, 3) : Set.of(2));
            group.own(1, batch < 5 ? Set.of(2, 3) : batch < 8 ? Set.of() : Set.of(0, 1, 3));
            // a few keys often, the rest now and then, so that keys go quiet and time out
            var records = new ArrayList<Pair<String, Integer>>();
            for (int i = 0; i < 60; i++) {
                records.add(Pair.of(random.nextInt(3) == 0 ? "rare" + random.nextInt(30) : "often" + random.nextInt(5), i));
            }
            List<Pair<String, Long>> mapped = run(group, members, batch, records);
            List<Pair<String, Long>> expected = model.next(batch * 1000L, records);
            timedOut += (int) expected.stream().filter(p -> p.value() < 0).count();
            assertThat(sorted(mapped)).as("batch %d", batch).isEqualTo(sorted(expected));
        }
        assertThat(timedOut).as("keys timed out").isPositive();
        assertThat(group.tombstones).as("timed-out keys removed from the changelog").isPositive();
    }

    @Test
    void shouldStartFromTheInitialStateAndTimeItsQuietKeysOutAsOneProcessWouldAfterTheyMoved() throws Exception {
        var group = new MemoryGroup(2);
        // "often" keys get records from the start; "quiet" keys never do: they time out in batch 4 wherever they are
        var initial = new ArrayList<Pair<String, Long>>();
        for (int i = 0; i < 5; i++) {
            initial.add(Pair.of("often" + i, 100L * i));
            initial.add(Pair.of("quiet" + i, 10L + i));
        }
        var spec = SPEC.initialState(initial);
        var members = List.of(new Member(group, 0, Partitioner.hash(3), spec),
                new Member(group, 1, Partitioner.hash(2), spec));
        var model = new Model(initial, 1000L);
        Random random = new Random(37);
        int quietTimedOut = 0;
        for (int batch = 1; batch <= 9; batch++) {
            // every partition moves at batch 3, before the quiet keys time out, and again at batch 6
            group.own(0, batch < 3 ? Set.of(0, 1) : batch < 6 ? Set.of(2, 3) : Set.of(0, 2));
            group.own(1, batch < 3 ? Set.of(2, 3) : batch < 6 ? Set.of(0, 1) : Set.of(1, 3));
            var records = new ArrayList<Pair<String, Integer>>();
            for (int i = 0; i < 40; i++) {
                records.add(Pair.of(random.nextInt(4) == 0 ? "rare" + random.nextInt(20) : "often" + random.nextInt(5), i));
            }
            List<Pair<String, Long>> mapped = run(group, members, batch, records);
            List<Pair<String, Long>> expected = model.next(batch * 1000L, records);
            quietTimedOut += (int) expected.stream().filter(p -> p.key().startsWith("quiet") && p.value() < 0).count();
            assertThat(sorted(mapped)).as("batch %d", batch).isEqualTo(sorted(expected));
        }
        assertThat(quietTimedOut).as("initial keys never touched timed out").isEqualTo(5);
        assertThat(group.removalMarkers).as("removed initial keys written as empty states, not tombstones")
                .isPositive();
    }

    /** Batch {@code batch}: {@code records} split between the two members, mapped by each, committed; all they mapped. */
    private static List<Pair<String, Long>> run(MemoryGroup group, List<Member> members, int batch,
                                                List<Pair<String, Integer>> records) throws Exception {
        List<List<Pair<String, Integer>>> parts = MemoryGroup.split(records, 2, new Random(batch));
        List<List<Pair<String, Long>>> outputs = MemoryGroup.inParallel(2, m -> members.get(m).run(batch, parts.get(m)));
        var mapped = new ArrayList<Pair<String, Long>>();
        for (int m = 0; m < 2; m++) {
            group.commit(m, batch);
            mapped.addAll(outputs.get(m));
        }
        return mapped;
    }

    private static List<Pair<String, Long>> sorted(List<Pair<String, Long>> pairs) {
        var copy = new ArrayList<>(pairs);
        copy.sort(Comparator.comparing((Pair<String, Long> p) -> p.key()).thenComparing(Pair::value));
        return copy;
    }

    /** One process: each key's count and the batch it last got a record; quiet keys time out after the batch's records. */
    private static final class Model {
        private final Map<String, long[]> state = new HashMap<>();

        Model() {
        }

        /** Starting from {@code initial}, touched at the first batch, {@code first}. */
        Model(List<Pair<String, Long>> initial, long first) {
            initial.forEach(p -> state.put(p.key(), new long[] {p.value(), first}));
        }

        List<Pair<String, Long>> next(long time, List<Pair<String, Integer>> records) {
            var out = new ArrayList<Pair<String, Long>>();
            for (Pair<String, Integer> r : records) {
                long[] s = state.computeIfAbsent(r.key(), k -> new long[2]);
                s[0]++;
                s[1] = time;
                out.add(Pair.of(r.key(), s[0]));
            }
            state.entrySet().removeIf(e -> {
                if (e.getValue()[1] <= time - TIMEOUT.toMillis()) {
                    out.add(Pair.of(e.getKey(), -e.getValue()[0]));
                    return true;
                }
                return false;
            });
            return out;
        }
    }

    /** One member's mapWithState: each batch's state from the previous one, its part of the records exchanged. */
    private static final class Member {
        private final MemoryGroup group;
        private final int id;
        private final Partitioner partitioner;
        private final StateSpec<String, Integer, Long, Pair<String, Long>> spec;
        /** The spec's initial state, as this member holds it; or null. */
        private final InitialKeys initial;
        private MapWithStateRdd<String, Integer, Long, Pair<String, Long>> state;

        Member(MemoryGroup group, int id, Partitioner partitioner) {
            this(group, id, partitioner, SPEC);
        }

        Member(MemoryGroup group, int id, Partitioner partitioner,
               StateSpec<String, Integer, Long, Pair<String, Long>> spec) {
            this.group = group;
            this.id = id;
            this.partitioner = partitioner;
            this.spec = spec;
            this.initial = spec.initialState().isEmpty() ? null : InitialKeys.of(spec.initialState());
        }

        List<Pair<String, Long>> run(int batch, List<Pair<String, Integer>> part) {
            KeyExchangeStep step = group.step(id, batch);
            Rdd<Pair<String, Integer>> values = new PipelinedRdd<>(MemoryGroup.grouped(part, partitioner, step),
                    out -> kv -> kv.value().forEach(v -> out.accept(Pair.of(kv.key(), v))));
            state = new MapWithStateRdd<>(state, values, spec, batch * 1000L, partitioner)
                    .sharedAs(new SharedState(step, partitioner, initial, true));
            return MemoryGroup.computed(POOL, state);
        }
    }
}
