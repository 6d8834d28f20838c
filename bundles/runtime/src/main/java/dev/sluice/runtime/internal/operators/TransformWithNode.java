package dev.sluice.runtime.internal.operators;

import dev.sluice.api.Dataset;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.DatasetImpl;
import dev.sluice.runtime.internal.exec.Execution;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.graph.DStreamNode;
import java.util.function.BiFunction;

/** {@code transformWith} and {@code transformWithToPair}: each pair of batches of two streams through a function of datasets. */
public final class TransformWithNode<T, U, R> extends TwoParentNode<T, U, R> {

    private final BiFunction<? super Dataset<T>, ? super Dataset<U>, ? extends Dataset<? extends R>> f;
    private final Execution execution;
    private final String method;

    public TransformWithNode(DStreamNode<T> left, DStreamNode<U> right, String method, Execution execution,
                             BiFunction<? super Dataset<T>, ? super Dataset<U>, ? extends Dataset<? extends R>> f) {
        super(left, right, "transformWith");
        this.f = f;
        this.execution = execution;
        this.method = method;
    }

    @Override
    protected Rdd<R> apply(Rdd<T> left, Rdd<U> right, Time time) {
        return DatasetImpl.rddOf(f.apply(new DatasetImpl<>(left, execution), new DatasetImpl<>(right, execution)),
                method);
    }
}
