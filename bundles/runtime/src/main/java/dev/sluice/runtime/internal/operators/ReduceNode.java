package dev.sluice.runtime.internal.operators;

import dev.sluice.api.Pair;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.Aggregator;
import dev.sluice.runtime.internal.exec.PipelinedRdd;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.exec.ShuffledRdd;
import dev.sluice.runtime.internal.exec.Stage;
import dev.sluice.runtime.internal.graph.DStreamNode;
import java.util.function.BinaryOperator;

/** {@code reduce}: one element per non-empty batch, its elements combined by an associative function. */
public final class ReduceNode<T> extends OneParentNode<T, T> {

    private final BinaryOperator<T> f;

    public ReduceNode(DStreamNode<T> parent, BinaryOperator<T> f) {
        super(parent, "reduce");
        this.f = f;
    }

    @Override
    protected Rdd<T> apply(Rdd<T> batch, Time time) {
        return new PipelinedRdd<>(new ShuffledRdd<>(new PipelinedRdd<>(batch, Stage.map(t -> Pair.of(0, t))),
                Aggregator.reducing(f), 1), Stage.map(Pair::value));
    }
}
