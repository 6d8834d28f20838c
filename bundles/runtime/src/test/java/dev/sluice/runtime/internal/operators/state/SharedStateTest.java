package dev.sluice.runtime.internal.operators.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Pair;
import dev.sluice.api.Partitioner;
import dev.sluice.api.Time;
import dev.sluice.api.spi.KeyExchange;
import dev.sluice.runtime.internal.exec.KeyExchangeStep;
import dev.sluice.runtime.internal.exec.ListRdd;
import dev.sluice.runtime.internal.exec.Aggregator;
import dev.sluice.runtime.internal.exec.ShuffledRdd;
import dev.sluice.runtime.internal.exec.WorkerPool;
import dev.sluice.runtime.internal.serial.RecordSerializer;
import dev.sluice.runtime.internal.serial.RecordTypes;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
    private static final RecordSerializer CODEC = new RecordSerializer(RecordTypes.of(List.of()));
    private static final int KEY_PARTITIONS = 4;
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
        var members = List.of(new Member(group, 0, Partitioner.hash(3), COUNT_DROPPING_SEVENS),
                new Member(group, 1, Partitioner.hash(5), COUNT_DROPPING_SEVENS));
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
        var members = List.of(new Member(group, 0, Partitioner.hash(2), COUNT),
                new Member(group, 1, Partitioner.hash(2), COUNT));
        group.own(0, Set.of(0, 1));
        group.own(1, Set.of(2, 3));
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

    /** Runs one batch on every member (in parallel, as processes would); the union of the committed outputs. */
    private static Map<String, Long> runBatch(List<Member> members, int batch, List<Pair<String, Integer>> records,
                                              Set<Integer> refused) throws Exception {
        var parts = List.<List<Pair<String, Integer>>>of(new ArrayList<>(), new ArrayList<>());
        Random split = new Random(batch);
        records.forEach(r -> parts.get(split.nextInt(2)).add(r));
        var results = new ArrayList<CompletableFuture<List<Pair<String, Long>>>>();
        for (int m = 0; m < members.size(); m++) {
            Member member = members.get(m);
            List<Pair<String, Integer>> part = parts.get(m);
            results.add(CompletableFuture.supplyAsync(() -> member.run(batch, part)));
        }
        var union = new TreeMap<String, Long>();
        for (int m = 0; m < members.size(); m++) {
            List<Pair<String, Long>> out = results.get(m).get(30, TimeUnit.SECONDS);
            if (refused.contains(m)) {
                members.get(m).group.refuse(m);
                continue;
            }
            members.get(m).group.commit(m, batch);
            for (Pair<String, Long> p : out) {
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
            this.update = update;
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
        private StateRdd<String, Integer, Long> state;

        Member(MemoryGroup group, int id, Partitioner partitioner,
               BiFunction<List<Integer>, Optional<Long>, Optional<Long>> update) {
            this.group = group;
            this.id = id;
            this.partitioner = partitioner;
            this.update = update;
        }

        List<Pair<String, Long>> run(int batch, List<Pair<String, Integer>> part) {
            var step = new KeyExchangeStep(group.member(id), CODEC, new Time(batch * 1000L));
            var values = new ShuffledRdd<>(ListRdd.of(part, 2), Aggregator.<Integer>grouping(), partitioner)
                    .exchangedThrough(step);
            state = new StateRdd<>(state, values, update, partitioner.numPartitions(), state != null)
                    .sharedAs(new SharedState<>(step, partitioner));
            POOL.prepare(state);
            var out = new ArrayList<Pair<String, Long>>();
            for (int r = 0; r < state.numPartitions(); r++) {
                state.compute(r, out::add);
            }
            return out;
        }
    }

    /**
     * The group's exchange and changelog in memory. Each key partition has committed progress (the
     * last batch reduced from it) and a committed changelog; a member following a partition reads
     * its chunks after the progress it began from; its changelog writes wait for its commit.
     */
    static final class MemoryGroup {
        private final int members;
        private final Map<Integer, Set<Integer>> owned = new HashMap<>();
        /** Per key partition, batch to every member's chunks. */
        private final Map<Integer, TreeMap<Long, List<byte[]>>> chunks = new HashMap<>();
        private final Map<Long, Integer> sent = new HashMap<>();
        private final long[] committedUpTo = new long[KEY_PARTITIONS];
        private final List<Map<ByteBuffer, byte[]>> changelog = new ArrayList<>();
        /** Per member, the partitions it follows and the batch it has read each up to. */
        private final Map<Integer, Map<Integer, Long>> following = new HashMap<>();
        private final Map<Integer, Set<Integer>> freshInLatest = new HashMap<>();
        private final Map<Integer, Map<Integer, List<KeyExchange.StateEntry>>> pending = new HashMap<>();
        private final Map<Integer, Map<Integer, Long>> reducedInLatest = new HashMap<>();
        int tombstones;

        MemoryGroup(int members) {
            this.members = members;
            for (int p = 0; p < KEY_PARTITIONS; p++) {
                changelog.add(new HashMap<>());
                chunks.put(p, new TreeMap<>());
            }
        }

        synchronized void own(int member, Set<Integer> partitions) {
            owned.put(member, partitions);
        }

        int owner(String key) {
            int p = dev.sluice.api.HashPartitioning.partitionOf(key, KEY_PARTITIONS);
            return owned.entrySet().stream().filter(e -> e.getValue().contains(p)).findFirst().orElseThrow().getKey();
        }

        synchronized void commit(int member, int batch) {
            reducedInLatest.getOrDefault(member, Map.of()).forEach((p, upTo) -> committedUpTo[p] = upTo);
            pending.getOrDefault(member, Map.of()).forEach((p, entries) -> entries.forEach(e -> {
                if (e.state() == null) {
                    tombstones++;
                    changelog.get(p).remove(ByteBuffer.wrap(e.key()));
                } else {
                    changelog.get(p).put(ByteBuffer.wrap(e.key()), e.state());
                }
            }));
            pending.remove(member);
        }

        /** As Kafka's reduce side after a refused commit: nothing of the batch is kept, every partition is read again. */
        synchronized void refuse(int member) {
            pending.remove(member);
            following.remove(member);
        }

        KeyExchange.Shuffle member(int id) {
            return new KeyExchange.Shuffle() {
                @Override
                public int partitions() {
                    return KEY_PARTITIONS;
                }

                @Override
                public void send(Time batch, List<List<byte[]>> sentChunks) {
                    synchronized (MemoryGroup.this) {
                        for (int p = 0; p < KEY_PARTITIONS; p++) {
                            chunks.get(p).computeIfAbsent(batch.millis(), b -> new ArrayList<>()).addAll(sentChunks.get(p));
                        }
                        sent.merge(batch.millis(), 1, Integer::sum);
                        MemoryGroup.this.notifyAll();
                    }
                }

                @Override
                public List<List<byte[]>> receive(Time batch) {
                    synchronized (MemoryGroup.this) {
                        while (sent.getOrDefault(batch.millis(), 0) < members) {
                            try {
                                MemoryGroup.this.wait();
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        }
                        Map<Integer, Long> follows = following.computeIfAbsent(id, m -> new HashMap<>());
                        follows.keySet().retainAll(owned.get(id));
                        var fresh = new HashSet<Integer>();
                        var reduced = new HashMap<Integer, Long>();
                        var result = new ArrayList<List<byte[]>>();
                        for (int p = 0; p < KEY_PARTITIONS; p++) {
                            if (!owned.get(id).contains(p)) {
                                result.add(null);
                                continue;
                            }
                            if (!follows.containsKey(p)) {
                                fresh.add(p);
                                follows.put(p, committedUpTo[p]);
                            }
                            var due = new ArrayList<byte[]>();
                            chunks.get(p).subMap(follows.get(p), false, batch.millis(), true).values().forEach(due::addAll);
                            follows.put(p, batch.millis());
                            reduced.put(p, batch.millis());
                            result.add(due);
                        }
                        freshInLatest.put(id, fresh);
                        reducedInLatest.put(id, reduced);
                        return result;
                    }
                }

                @Override
                public KeyExchange.StateChangelog changelog() {
                    return new KeyExchange.StateChangelog() {
                        @Override
                        public Map<Integer, List<KeyExchange.StateEntry>> restored(Time batch) {
                            synchronized (MemoryGroup.this) {
                                var restored = new HashMap<Integer, List<KeyExchange.StateEntry>>();
                                for (int p : freshInLatest.getOrDefault(id, Set.of())) {
                                    var entries = new ArrayList<KeyExchange.StateEntry>();
                                    changelog.get(p).forEach((k, s) -> entries.add(new KeyExchange.StateEntry(
                                            k.array(), s)));
                                    restored.put(p, entries);
                                }
                                return restored;
                            }
                        }

                        @Override
                        public void write(Time batch, int partition, List<KeyExchange.StateEntry> changes) {
                            synchronized (MemoryGroup.this) {
                                assertThat(owned.get(id)).as("a changelog write for an owned partition").contains(partition);
                                pending.computeIfAbsent(id, m -> new HashMap<>())
                                        .computeIfAbsent(partition, p -> new ArrayList<>()).addAll(changes);
                            }
                        }
                    };
                }
            };
        }
    }
}
