package dev.sluice.runtime.internal.operators.state;

import dev.sluice.api.Pair;
import dev.sluice.runtime.internal.exec.Rdd;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * A keyed stage's initial state in a stream a group shares, computed on every member from the
 * application: each key partition's restore starts from the initial keys of that partition, with
 * its changelog laid over them (see {@link SharedState}). Nothing of it is written to the
 * changelog at the start, so a member killed before its first commit leaves nothing to repair,
 * and compaction can never drop an initial key: only the keys that change are written.
 */
final class InitialKeys {

    private final Rdd<?> source;
    private final Supplier<Map<Object, Object>> read;
    private Map<Object, Object> state;
    private Map<Integer, Map<Object, Object>> byKeyPartition;
    /** mapWithState's: key partition to the batch its initial keys were first touched in, as known here. */
    private final Map<Integer, Long> starts = new HashMap<>();
    /** The starts found by a restore here and not yet handed to the changelog (a batch that fails hands nothing). */
    private final Set<Integer> unwritten = new HashSet<>();

    private InitialKeys(Rdd<?> source, Supplier<Map<Object, Object>> read) {
        this.source = source;
        this.read = read;
    }

    /** updateStateByKey's initial dataset, its stage run with the batch that first reads it. */
    static InitialKeys of(InitialStateRdd<?, ?> initial) {
        return new InitialKeys(initial, () -> {
            var all = new HashMap<Object, Object>();
            for (int r = 0; r < initial.numPartitions(); r++) {
                all.putAll(initial.partition(r));
            }
            return all;
        });
    }

    /** mapWithState's initial state: of several states given for one key, the last one. */
    static InitialKeys of(List<? extends Pair<?, ?>> initial) {
        return new InitialKeys(null, () -> {
            var all = new HashMap<Object, Object>();
            initial.forEach(p -> all.put(p.key(), p.value()));
            return all;
        });
    }

    /** What must be computed before {@link #all} is read: the initial dataset, if any. */
    List<Rdd<?>> inputs() {
        return source == null ? List.of() : List.of(source);
    }

    /** Every initial key with its state. */
    synchronized Map<Object, Object> all() {
        if (state == null) {
            state = read.get();
        }
        return state;
    }

    boolean contains(Object key) {
        return all().containsKey(key);
    }

    /** The initial keys of key partition {@code p}, with their states. */
    synchronized Map<Object, Object> inKeyPartition(int p, ToIntFunction<Object> keyPartitionOf) {
        if (byKeyPartition == null) {
            byKeyPartition = new HashMap<>();
            all().forEach((k, s) -> byKeyPartition.computeIfAbsent(keyPartitionOf.applyAsInt(k), q -> new HashMap<>())
                    .put(k, s));
        }
        return byKeyPartition.getOrDefault(p, Map.of());
    }

    /** Key partition {@code p}'s start as its changelog holds it. */
    synchronized void startedAt(int p, long batch) {
        starts.put(p, batch);
        unwritten.remove(p);
    }

    /**
     * Key partition {@code p}'s start when its changelog holds none: the one known here (a commit
     * that carried it was refused), else batch {@code batch}; to be written with a batch.
     */
    synchronized long startsIn(int p, long batch) {
        unwritten.add(p);
        return starts.computeIfAbsent(p, q -> batch);
    }

    /** The starts to write, of the partitions {@code owned} says are still here; forgotten as unwritten. */
    synchronized Map<Integer, Long> takeUnwritten(BitSet owned) {
        var taken = new HashMap<Integer, Long>();
        unwritten.forEach(p -> {
            if (owned.get(p)) {
                taken.put(p, starts.get(p));
            }
        });
        unwritten.clear();
        return taken;
    }
}
