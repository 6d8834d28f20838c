package dev.sluice.runtime.internal.exec;

import java.util.List;
import java.util.function.Consumer;

/**
 * Fewer partitions without a shuffle: output partition i reads a contiguous run of the parent's
 * partitions, in order. Asking for as many partitions as the parent has or more keeps the parent's.
 */
public final class CoalescedRdd<T> extends Rdd<T> {

    private final Rdd<T> parent;
    private final int numPartitions;

    public CoalescedRdd(Rdd<T> parent, int numPartitions) {
        this.parent = parent;
        this.numPartitions = Math.max(1, Math.min(numPartitions, parent.numPartitions()));
    }

    @Override
    public int numPartitions() {
        return parent.numPartitions() == 0 ? 0 : numPartitions;
    }

    @Override
    public void compute(int p, Consumer<? super T> out) {
        int parents = parent.numPartitions();
        int from = (int) ((long) p * parents / numPartitions);
        int to = (int) ((long) (p + 1) * parents / numPartitions);
        for (int q = from; q < to; q++) {
            parent.compute(q, out);
        }
    }

    @Override
    public List<Rdd<?>> parents() {
        return List.of(parent);
    }
}
