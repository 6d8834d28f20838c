package dev.sluice.runtime.internal.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Exactly {@code numPartitions} partitions of near-equal size, through a shuffle: each parent
 * partition deals its elements round-robin to the output partitions, starting where the previous
 * parent partition's share began, so sizes differ by at most one element per parent partition.
 */
public final class RepartitionedRdd<T> extends Rdd<T> implements ShuffleStage {

    private volatile Rdd<T> parent;
    private final int numPartitions;
    private volatile List<List<T>> partitions;

    public RepartitionedRdd(Rdd<T> parent, int numPartitions) {
        if (numPartitions < 1) {
            throw new IllegalArgumentException("repartition needs at least one partition, got " + numPartitions);
        }
        this.parent = parent;
        this.numPartitions = numPartitions;
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
            int[] next = {m % numPartitions};
            input.compute(m, e -> {
                buckets[next[0]].add(e);
                next[0] = next[0] + 1 == numPartitions ? 0 : next[0] + 1;
            });
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
