package dev.sluice.runtime.internal.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import dev.sluice.api.Dataset;

/** A batch's dataset as user code sees it: actions run the dataset's stages on the worker pool. */
public final class DatasetImpl<T> implements Dataset<T> {

    private final Rdd<T> rdd;
    private final WorkerPool pool;

    public DatasetImpl(Rdd<T> rdd, WorkerPool pool) {
        this.rdd = rdd;
        this.pool = pool;
    }

    public Rdd<T> rdd() {
        return rdd;
    }

    @Override
    public int numPartitions() {
        return rdd.numPartitions();
    }

    @Override
    public long count() {
        pool.prepare(rdd);
        long[] counts = new long[rdd.numPartitions()];
        pool.runTasks(counts.length, p -> {
            var counter = new long[1];
            rdd.compute(p, t -> counter[0]++);
            counts[p] = counter[0];
        });
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total;
    }

    @Override
    public boolean isEmpty() {
        return take(1).isEmpty();
    }

    @Override
    public List<T> collect() {
        pool.prepare(rdd);
        @SuppressWarnings("unchecked")
        List<T>[] parts = new List[rdd.numPartitions()];
        pool.runTasks(parts.length, p -> {
            var part = new ArrayList<T>();
            rdd.compute(p, part::add);
            parts[p] = part;
        });
        var all = new ArrayList<T>();
        for (List<T> part : parts) {
            all.addAll(part);
        }
        return all;
    }

    @Override
    public List<T> take(int n) {
        var taken = new ArrayList<T>(Math.min(n, 1024));
        if (n <= 0) {
            return taken;
        }
        pool.prepare(rdd);
        try {
            for (int p = 0; p < rdd.numPartitions(); p++) {
                rdd.compute(p, t -> {
                    taken.add(t);
                    if (taken.size() >= n) {
                        throw Enough.INSTANCE;
                    }
                });
            }
        } catch (Enough e) {
            // took n elements: the rest of the partition need not be computed
        }
        return taken;
    }

    @Override
    public void forEach(Consumer<? super T> action) {
        pool.prepare(rdd);
        pool.runTasks(rdd.numPartitions(), p -> rdd.compute(p, action));
    }

    /** Ends a partition's computation early once take has what it needs. */
    private static final class Enough extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Enough INSTANCE = new Enough();

        private Enough() {
            super(null, null, false, false);
        }
    }
}
