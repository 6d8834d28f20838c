package dev.sluice.runtime.internal.exec;

import java.util.List;
import java.util.function.Consumer;

/** A batch that could not be made, e.g. a source that failed to list it: any use fails with the cause. */
public final class FailedRdd<T> extends Rdd<T> {

    private final RuntimeException cause;

    public FailedRdd(RuntimeException cause) {
        this.cause = cause;
    }

    @Override
    public int numPartitions() {
        return 1;
    }

    @Override
    public void compute(int p, Consumer<? super T> out) {
        throw cause;
    }

    @Override
    public List<Rdd<?>> parents() {
        return List.of();
    }
}
