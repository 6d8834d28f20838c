package dev.sluice.runtime.internal.operators;

import dev.sluice.api.Pair;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.Aggregator;
import dev.sluice.runtime.internal.exec.GroupTotalRdd;
import dev.sluice.runtime.internal.exec.PipelinedRdd;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.exec.ShuffledRdd;
import dev.sluice.runtime.internal.exec.Stage;
import dev.sluice.runtime.internal.graph.DStreamNode;
import dev.sluice.runtime.internal.operators.keyed.ExchangedKeys;
import java.util.function.BinaryOperator;

/**
 * {@code reduce}: one element per non-empty batch, its elements combined by an associative function.
 * In a stream a group shares, a keyed stage with one key: one member emits the group's value.
 */
public final class ReduceNode<T> extends OneParentNode<T, T> {

    private final BinaryOperator<T> f;
    private final ExchangedKeys exchange = new ExchangedKeys(this);

    public ReduceNode(DStreamNode<T> parent, BinaryOperator<T> f) {
        super(parent, "reduce");
        this.f = f;
    }

    @Override
    protected Rdd<T> apply(Rdd<T> batch, Time time) {
        var step = exchange.step(time);
        if (step.isPresent()) {
            return GroupTotalRdd.reduce(batch, f, step.get());
        }
        return new PipelinedRdd<>(new ShuffledRdd<>(new PipelinedRdd<>(batch, Stage.map(t -> Pair.of(0, t))),
                Aggregator.reducing(f), 1), Stage.map(Pair::value));
    }

    /** In a group: every member's part of the value meets on the owner of the single key's partition. */
    @Override
    public GroupPart groupPart() {
        return GroupPart.BY_KEY;
    }
}
