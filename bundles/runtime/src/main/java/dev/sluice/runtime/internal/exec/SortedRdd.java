package dev.sluice.runtime.internal.exec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * sortBy and sortByKey: the elements in {@code numPartitions} ranges of the order, each range
 * sorted, so that reading the partitions in turn reads the elements in order. The map stage sorts
 * every parent partition and picks the range bounds from an even sample of the sorted runs;
 * output partition r then takes the elements between its bounds from every run and sorts them.
 */
public final class SortedRdd<T> extends Rdd<T> implements ShuffleStage {

    /** Samples per output partition: enough for ranges of similar size. */
    private static final int SAMPLES_PER_PARTITION = 100;

    private volatile Rdd<T> parent;
    private final Comparator<? super T> order;
    private final int numPartitions;
    private volatile List<List<T>> ranges;

    public SortedRdd(Rdd<T> parent, Comparator<? super T> order, int numPartitions) {
        this.parent = parent;
        this.order = order;
        this.numPartitions = DatasetImpl.positive(numPartitions);
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized void runMapStage(WorkerPool pool) {
        if (ranges != null) {
            return;
        }
        var input = parent;
        List<T>[] runs = new List[input.numPartitions()];
        pool.runTasks(runs.length, m -> {
            var run = new ArrayList<T>();
            input.compute(m, run::add);
            run.sort(order);
            runs[m] = run;
        });
        List<T> bounds = bounds(runs);
        List<T>[] sorted = new List[numPartitions];
        pool.runTasks(numPartitions, r -> {
            var range = new ArrayList<T>();
            for (List<T> run : runs) {
                int from = r == 0 ? 0 : after(run, bounds.get(r - 1));
                int to = r == numPartitions - 1 ? run.size() : after(run, bounds.get(r));
                range.addAll(run.subList(from, Math.max(from, to)));
            }
            range.sort(order);
            sorted[r] = range;
        });
        ranges = List.of(sorted);
        parent = null; // only the ranges are read from now on
    }

    /** The upper bounds of the first numPartitions - 1 ranges, at even quantiles of a sample. */
    private List<T> bounds(List<T>[] runs) {
        long total = 0;
        for (List<T> run : runs) {
            total += run.size();
        }
        var sample = new ArrayList<T>();
        long wanted = (long) SAMPLES_PER_PARTITION * numPartitions;
        for (List<T> run : runs) {
            int k = (int) Math.min(run.size(), total == 0 ? 0 : (wanted * run.size() + total - 1) / total);
            for (int i = 0; i < k; i++) {
                sample.add(run.get((int) ((long) i * run.size() / k)));
            }
        }
        sample.sort(order);
        var bounds = new ArrayList<T>(numPartitions - 1);
        for (int r = 1; r < numPartitions && !sample.isEmpty(); r++) {
            bounds.add(sample.get((int) ((long) r * (sample.size() - 1) / numPartitions)));
        }
        while (bounds.size() < numPartitions - 1) {
            bounds.add(null); // no data: every range is empty
        }
        return bounds;
    }

    /** The index of the first element of the sorted {@code run} that comes after {@code bound}. */
    private int after(List<T> run, T bound) {
        if (bound == null) {
            return run.size();
        }
        int lo = 0;
        int hi = run.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (order.compare(run.get(mid), bound) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public int numPartitions() {
        return numPartitions;
    }

    @Override
    public void compute(int p, Consumer<? super T> out) {
        List<List<T>> sorted = ranges;
        if (sorted == null) {
            throw new IllegalStateException("sorted data read before its shuffle ran");
        }
        sorted.get(p).forEach(out);
    }

    @Override
    public List<Rdd<?>> parents() {
        var p = parent;
        return p == null ? List.of() : List.of(p);
    }
}
