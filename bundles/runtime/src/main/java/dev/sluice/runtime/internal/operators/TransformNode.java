package dev.sluice.runtime.internal.operators;

import dev.sluice.api.Dataset;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.DatasetImpl;
import dev.sluice.runtime.internal.exec.Execution;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.graph.DStreamNode;
import java.util.function.BiFunction;

/** {@code transform} and {@code transformToPair}: each batch through a function of datasets, with its time. */
public final class TransformNode<T, U> extends OneParentNode<T, U> {

    private final BiFunction<? super Dataset<T>, Time, ? extends Dataset<? extends U>> f;
    private final Execution execution;
    private final String method;

    public TransformNode(DStreamNode<T> parent, String method, Execution execution,
                         BiFunction<? super Dataset<T>, Time, ? extends Dataset<? extends U>> f) {
        super(parent, "transform");
        this.f = f;
        this.execution = execution;
        this.method = method;
    }

    @Override
    protected Rdd<U> apply(Rdd<T> batch, Time time) {
        return DatasetImpl.rddOf(f.apply(new DatasetImpl<>(batch, execution), time), method);
    }
}
