package dev.sluice.runtime.internal.exec;

import java.util.List;
import java.util.function.Consumer;

/**
 * A stream's dataset of one batch, counted as it is computed: the records of each partition, and
 * the time of each partition computed as the top of a worker's pipeline. A pipeline pushes every
 * record through the fused narrow stages in one pass, so a stage's own time cannot be told apart
 * without a clock per record: the time goes to the dataset the pipeline ends at. The cost is a
 * counter and two clock reads per partition, and an increment and one more call per record, with
 * no lock and no allocation: small, but not nothing, so the graph measures only batches someone
 * asked to see ({@code DStreamGraph.measureNextBatches}).
 */
public final class MeasuredRdd<T> extends Rdd<T> {

    /** How many measured datasets are being computed on this thread, outermost first. */
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private final Rdd<T> inner;
    // each slot is written by the one task computing its partition, and read once the batch is done
    private final long[] records;
    private final long[] nanos;
    private final boolean[] computed;

    public MeasuredRdd(Rdd<T> inner) {
        this.inner = inner;
        int n = inner.numPartitions();
        this.records = new long[n];
        this.nanos = new long[n];
        this.computed = new boolean[n];
    }

    /** The dataset measured. */
    public Rdd<T> inner() {
        return inner;
    }

    @Override
    public int numPartitions() {
        return inner.numPartitions();
    }

    @Override
    public void compute(int p, Consumer<? super T> out) {
        int[] depth = DEPTH.get();
        boolean top = depth[0] == 0;
        long start = top ? System.nanoTime() : 0;
        var counter = new Counter<T>(out);
        depth[0]++;
        try {
            inner.compute(p, counter);
        } finally {
            depth[0]--;
        }
        // a partition computed again (a dataset read twice) counts once
        records[p] = counter.count;
        computed[p] = true;
        if (top) {
            nanos[p] = System.nanoTime() - start;
        }
    }

    @Override
    public List<Rdd<?>> parents() {
        return List.of(inner);
    }

    /** The records of the partitions computed so far. */
    public long records() {
        long sum = 0;
        for (long r : records) {
            sum += r;
        }
        return sum;
    }

    /** The time of the partitions computed as the top of a pipeline, in nanoseconds; 0 if none was. */
    public long nanos() {
        long sum = 0;
        for (long t : nanos) {
            sum += t;
        }
        return sum;
    }

    /** Whether any partition was computed at all: a dataset no output read has no figures. */
    public boolean computed() {
        for (boolean c : computed) {
            if (c) {
                return true;
            }
        }
        return false;
    }

    private static final class Counter<T> implements Consumer<T> {
        private final Consumer<? super T> out;
        long count;

        Counter(Consumer<? super T> out) {
            this.out = out;
        }

        @Override
        public void accept(T t) {
            count++;
            out.accept(t);
        }
    }
}
