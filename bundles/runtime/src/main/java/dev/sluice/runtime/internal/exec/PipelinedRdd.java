package dev.sluice.runtime.internal.exec;

import java.util.List;
import java.util.function.Consumer;

/**
 * A narrow operator applied to each element of its parent's partitions. Chained pipelined
 * datasets nest their stages, so map, filter and flatMap in a row run fused in one pass.
 */
public final class PipelinedRdd<P, T> extends Rdd<T> {

    private final Rdd<P> parent;
    private final Stage<P, T> stage;

    public PipelinedRdd(Rdd<P> parent, Stage<P, T> stage) {
        this.parent = parent;
        this.stage = stage;
    }

    @Override
    public int numPartitions() {
        return parent.numPartitions();
    }

    @Override
    public void compute(int p, Consumer<? super T> out) {
        parent.compute(p, stage.apply(out));
    }

    /** Every stage is per element, so pieces of the parent make pieces of this. */
    @Override
    public boolean divisible() {
        return parent.divisible();
    }

    @Override
    public void compute(int p, int piece, int pieces, Consumer<? super T> out) {
        parent.compute(p, piece, pieces, stage.apply(out));
    }

    @Override
    public List<Rdd<?>> parents() {
        return List.of(parent);
    }
}
