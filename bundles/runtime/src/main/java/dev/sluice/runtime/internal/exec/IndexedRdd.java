package dev.sluice.runtime.internal.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import dev.sluice.api.Pair;

/**
 * zipWithIndex: each element with its position in the dataset, partition by partition. The
 * indices of a partition start where the previous partitions' elements end, so the map stage
 * computes every partition (keeping its elements, to read them once) before any is read.
 */
public final class IndexedRdd<T> extends Rdd<Pair<T, Long>> implements ShuffleStage {

    private volatile Rdd<T> parent;
    private final int numPartitions;
    private volatile List<List<T>> partitions;
    private long[] firstIndex;

    public IndexedRdd(Rdd<T> parent) {
        this.parent = parent;
        this.numPartitions = parent.numPartitions();
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized void runMapStage(WorkerPool pool) {
        if (partitions != null) {
            return;
        }
        var input = parent;
        List<T>[] parts = new List[numPartitions];
        pool.runTasks(numPartitions, p -> {
            var part = new ArrayList<T>();
            input.compute(p, part::add);
            parts[p] = part;
        });
        var first = new long[numPartitions];
        for (int p = 1; p < numPartitions; p++) {
            first[p] = first[p - 1] + parts[p - 1].size();
        }
        firstIndex = first;
        partitions = List.of(parts);
        parent = null;
    }

    @Override
    public int numPartitions() {
        return numPartitions;
    }

    @Override
    public void compute(int p, Consumer<? super Pair<T, Long>> out) {
        List<List<T>> parts = partitions;
        if (parts == null) {
            throw new IllegalStateException("indexed data read before its stage ran");
        }
        long index = firstIndex[p];
        for (T t : parts.get(p)) {
            out.accept(Pair.of(t, index++));
        }
    }

    @Override
    public List<Rdd<?>> parents() {
        var p = parent;
        return p == null ? List.of() : List.of(p);
    }
}
