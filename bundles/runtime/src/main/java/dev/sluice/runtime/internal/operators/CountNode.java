package dev.sluice.runtime.internal.operators;

import dev.sluice.api.Pair;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.Aggregator;
import dev.sluice.runtime.internal.exec.GroupTotalRdd;
import dev.sluice.runtime.internal.exec.ListRdd;
import dev.sluice.runtime.internal.exec.PipelinedRdd;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.exec.ShuffledRdd;
import dev.sluice.runtime.internal.exec.Stage;
import dev.sluice.runtime.internal.exec.UnionRdd;
import dev.sluice.runtime.internal.graph.DStreamNode;
import dev.sluice.runtime.internal.operators.keyed.ExchangedKeys;
import java.util.List;

/**
 * {@code count}: one element per batch, the number of its elements; an empty batch counts 0. In a
 * stream a group shares, a keyed stage with one key: one member emits the group's count.
 */
public final class CountNode<T> extends OneParentNode<T, Long> {

    private final ExchangedKeys exchange = new ExchangedKeys(this);

    public CountNode(DStreamNode<T> parent) {
        super(parent, "count");
    }

    @Override
    protected Rdd<Long> apply(Rdd<T> batch, Time time) {
        var step = exchange.step(time);
        if (step.isPresent()) {
            return GroupTotalRdd.count(batch, step.get());
        }
        // a zero joins every batch so an empty batch counts 0, and one partition gives one element
        Rdd<Pair<Integer, Long>> ones = new PipelinedRdd<>(batch, Stage.map(t -> Pair.of(0, 1L)));
        Rdd<Pair<Integer, Long>> withZero = new UnionRdd<>(List.of(ones, ListRdd.of(List.of(Pair.of(0, 0L)), 1)));
        return new PipelinedRdd<>(new ShuffledRdd<>(withZero, Aggregator.reducing(Long::sum), 1),
                Stage.map(Pair::value));
    }

    /** In a group: every member's part of the count meets on the owner of the single key's partition. */
    @Override
    public GroupPart groupPart() {
        return GroupPart.BY_KEY;
    }
}
