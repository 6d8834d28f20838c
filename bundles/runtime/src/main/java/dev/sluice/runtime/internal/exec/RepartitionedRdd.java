package dev.sluice.runtime.internal.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;
import dev.sluice.api.Pair;
import dev.sluice.api.Partitioner;

/**
 * The parent's elements dealt to {@code numPartitions} partitions through a shuffle, each output
 * partition holding its share of parent partition 0, then of 1, and so on, in their order. By
 * default each parent partition deals round-robin, starting where the previous parent partition's
 * share began, so sizes differ by at most one element per parent partition; {@link #byKey} deals
 * pairs by their key's partition instead, without combining anything.
 */
public final class RepartitionedRdd<T> extends Rdd<T> implements ShuffleStage {

    private volatile Rdd<T> parent;
    private final int numPartitions;
    /** For each parent partition, the dealer of its elements to output partitions. */
    private final IntFunction<ToIntFunction<T>> dealers;
    private volatile List<List<T>> partitions;

    public RepartitionedRdd(Rdd<T> parent, int numPartitions) {
        this(parent, numPartitions, m -> {
            int[] next = {m % numPartitions};
            return e -> {
                int r = next[0];
                next[0] = r + 1 == numPartitions ? 0 : r + 1;
                return r;
            };
        });
    }

    private RepartitionedRdd(Rdd<T> parent, int numPartitions, IntFunction<ToIntFunction<T>> dealers) {
        if (numPartitions < 1) {
            throw new IllegalArgumentException("repartition needs at least one partition, got " + numPartitions);
        }
        this.parent = parent;
        this.numPartitions = numPartitions;
        this.dealers = dealers;
    }

    /** The pairs where {@code partitioner} puts their keys, in their order within each parent partition. */
    @SuppressWarnings("unchecked")
    public static <K, V> RepartitionedRdd<Pair<K, V>> byKey(Rdd<? extends Pair<K, V>> parent, Partitioner partitioner) {
        return new RepartitionedRdd<>((Rdd<Pair<K, V>>) parent, partitioner.numPartitions(),
                m -> pair -> partitioner.partition(pair.key()));
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized void runMapStage(WorkerPool pool) {
        if (partitions != null) {
            return;
        }
        var input = parent;
        int maps = input.numPartitions();
        List<T>[][] dealt = new List[maps][];
        pool.runTasks(maps, m -> {
            List<T>[] buckets = new List[numPartitions];
            for (int r = 0; r < numPartitions; r++) {
                buckets[r] = new ArrayList<>();
            }
            ToIntFunction<T> dealer = dealers.apply(m);
            input.compute(m, e -> buckets[dealer.applyAsInt(e)].add(e));
            dealt[m] = buckets;
        });
        var result = new ArrayList<List<T>>(numPartitions);
        for (int r = 0; r < numPartitions; r++) {
            var merged = new ArrayList<T>();
            for (List<T>[] buckets : dealt) {
                merged.addAll(buckets[r]);
            }
            result.add(merged);
        }
        partitions = result;
        parent = null; // only the dealt elements are read from now on
    }

    @Override
    public int numPartitions() {
        return numPartitions;
    }

    @Override
    public void compute(int p, Consumer<? super T> out) {
        List<List<T>> dealt = partitions;
        if (dealt == null) {
            throw new IllegalStateException("repartitioned data read before its shuffle ran");
        }
        dealt.get(p).forEach(out);
    }

    @Override
    public List<Rdd<?>> parents() {
        var p = parent;
        return p == null ? List.of() : List.of(p);
    }
}
