package dev.sluice.runtime.internal.operators;

import dev.sluice.api.Pair;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.Aggregator;
import dev.sluice.runtime.internal.exec.ListRdd;
import dev.sluice.runtime.internal.exec.PipelinedRdd;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.exec.ShuffledRdd;
import dev.sluice.runtime.internal.exec.Stage;
import dev.sluice.runtime.internal.exec.UnionRdd;
import dev.sluice.runtime.internal.graph.DStreamNode;
import java.util.List;

/** {@code count}: one element per batch, the number of its elements; an empty batch counts 0. */
public final class CountNode<T> extends OneParentNode<T, Long> {

    public CountNode(DStreamNode<T> parent) {
        super(parent, "count");
    }

    @Override
    protected Rdd<Long> apply(Rdd<T> batch, Time time) {
        // a zero joins every batch so an empty batch counts 0, and one partition gives one element
        Rdd<Pair<Integer, Long>> ones = new PipelinedRdd<>(batch, Stage.map(t -> Pair.of(0, 1L)));
        Rdd<Pair<Integer, Long>> withZero = new UnionRdd<>(List.of(ones, ListRdd.of(List.of(Pair.of(0, 0L)), 1)));
        return new PipelinedRdd<>(new ShuffledRdd<>(withZero, Aggregator.reducing(Long::sum), 1),
                Stage.map(Pair::value));
    }
}
