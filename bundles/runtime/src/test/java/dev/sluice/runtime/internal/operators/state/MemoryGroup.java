package dev.sluice.runtime.internal.operators.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.HashPartitioning;
import dev.sluice.api.Pair;
import dev.sluice.api.Partitioner;
import dev.sluice.api.Time;
import dev.sluice.api.spi.KeyExchange;
import dev.sluice.runtime.internal.exec.Aggregator;
import dev.sluice.runtime.internal.exec.KeyExchangeStep;
import dev.sluice.runtime.internal.exec.ListRdd;
import dev.sluice.runtime.internal.exec.Rdd;
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
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * The group's exchange and changelog in memory. Each key partition has committed progress (the
 * last batch reduced from it) and a committed changelog; a member following a partition reads
 * its chunks after the progress it began from; its changelog writes wait for its commit.
 */
public final class MemoryGroup {

    public static final int KEY_PARTITIONS = 4;

    private final int members;
    private final Map<Integer, Set<Integer>> owned = new HashMap<>();
    /** Per key partition, batch to every member's chunks. */
    private final Map<Integer, TreeMap<Long, List<byte[]>>> chunks = new HashMap<>();
    private final Map<Long, Integer> sent = new HashMap<>();
    private final long[] committedUpTo;
    private final List<Map<ByteBuffer, byte[]>> changelog = new ArrayList<>();
    /** Per member, the partitions it follows and the batch it has read each up to. */
    private final Map<Integer, Map<Integer, Long>> following = new HashMap<>();
    /** Per member, per batch, the partitions that batch began following from the committed progress. */
    private final Map<Integer, Map<Long, Set<Integer>>> freshIn = new HashMap<>();
    private final Map<Integer, Map<Integer, List<KeyExchange.StateEntry>>> pending = new HashMap<>();
    private final Map<Integer, Map<Integer, Long>> reducedInLatest = new HashMap<>();
    public int tombstones;
    /** The largest record sent through the exchange or written to the changelog, in bytes. */
    public int largestRecord;
    /** Removed keys written as an empty state (initial keys, whose initial state a tombstone would bring back). */
    int removalMarkers;

    public MemoryGroup(int members) {
        this.members = members;
        this.committedUpTo = new long[KEY_PARTITIONS];
        for (int p = 0; p < KEY_PARTITIONS; p++) {
            changelog.add(new HashMap<>());
            chunks.put(p, new TreeMap<>());
        }
    }

    private static final RecordSerializer CODEC = new RecordSerializer(RecordTypes.of(List.of()));

    /** Member {@code id}'s step through this group's exchange for batch number {@code batch} (at {@code batch} s). */
    public KeyExchangeStep step(int id, int batch) {
        return new KeyExchangeStep(member(id), CODEC, new Time(batch * 1000L));
    }

    /** A member's part of a batch grouped per key into {@code partitioner}'s partitions, exchanged through {@code step}. */
    static ShuffledRdd<String, Integer, List<Integer>> grouped(List<Pair<String, Integer>> part, Partitioner partitioner,
                                                               KeyExchangeStep step) {
        return new ShuffledRdd<>(ListRdd.of(part, 2), Aggregator.<Integer>grouping(), partitioner).exchangedThrough(step);
    }

    /** Every element of {@code rdd}, its stages run on {@code pool}. */
    public static <T> List<T> computed(WorkerPool pool, Rdd<T> rdd) {
        pool.prepare(rdd);
        var out = new ArrayList<T>();
        for (int r = 0; r < rdd.numPartitions(); r++) {
            rdd.compute(r, out::add);
        }
        return out;
    }

    /** {@code records} split at random among {@code members}, as a group's input partitions divide them. */
    public static <T> List<List<T>> split(List<T> records, int members, Random random) {
        var parts = new ArrayList<List<T>>();
        for (int m = 0; m < members; m++) {
            parts.add(new ArrayList<>());
        }
        records.forEach(r -> parts.get(random.nextInt(members)).add(r));
        return parts;
    }

    /** Runs {@code batch} for every member at once, as processes would (each waits in the exchange for the others). */
    public static <T> List<T> inParallel(int members, IntFunction<T> batch) throws Exception {
        var results = new ArrayList<CompletableFuture<T>>();
        for (int m = 0; m < members; m++) {
            int member = m;
            results.add(CompletableFuture.supplyAsync(() -> batch.apply(member)));
        }
        var done = new ArrayList<T>();
        for (var result : results) {
            done.add(result.get(30, TimeUnit.SECONDS));
        }
        return done;
    }

    public synchronized void own(int member, Set<Integer> partitions) {
        owned.put(member, partitions);
    }

    public int owner(String key) {
        int p = HashPartitioning.partitionOf(key, KEY_PARTITIONS);
        return owned.entrySet().stream().filter(e -> e.getValue().contains(p)).findFirst().orElseThrow().getKey();
    }

    public synchronized void commit(int member, int batch) {
        reducedInLatest.getOrDefault(member, Map.of()).forEach((p, upTo) -> committedUpTo[p] = upTo);
        pending.getOrDefault(member, Map.of()).forEach((p, entries) -> entries.forEach(e -> {
            if (e.state() == null) {
                tombstones++;
                changelog.get(p).remove(ByteBuffer.wrap(e.key()));
            } else {
                if (!CODEC.decode(e.key()).isEmpty() && CODEC.decode(e.state()).isEmpty()) {
                    removalMarkers++;
                }
                changelog.get(p).put(ByteBuffer.wrap(e.key()), e.state());
            }
        }));
        pending.remove(member);
    }

    /** As Kafka's reduce side after a refused commit: nothing of the batch is kept, every partition is read again. */
    public synchronized void refuse(int member) {
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
                        sentChunks.get(p).forEach(c -> largestRecord = Math.max(largestRecord, c.length));
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
                    freshIn.computeIfAbsent(id, m -> new HashMap<>()).put(batch.millis(), fresh);
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
                            for (int p : freshIn.getOrDefault(id, Map.of()).getOrDefault(batch.millis(), Set.of())) {
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
                            changes.stream().filter(c -> c.state() != null)
                                    .forEach(c -> largestRecord = Math.max(largestRecord, c.state().length));
                        }
                    }
                };
            }
        };
    }
}
