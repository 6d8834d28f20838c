package dev.sluice.runtime.internal.graph;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import dev.sluice.api.Pair;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.Aggregator;
import dev.sluice.runtime.internal.exec.KeyedTablesRdd;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.exec.ShuffledRdd;
import dev.sluice.runtime.internal.exec.StateRdd;

/** updateStateByKey: each batch's state is the previous batch's state updated with this batch's values. */
public final class StateNode<K, V, S> extends DStreamNode<Pair<K, S>> {

    private final DStreamNode<Pair<K, V>> parent;
    private final BiFunction<? super List<V>, ? super Optional<S>, Optional<S>> update;
    private final int numTasks;

    public StateNode(DStreamGraph graph, DStreamNode<Pair<K, V>> parent,
                     BiFunction<? super List<V>, ? super Optional<S>, Optional<S>> update, int numTasks) {
        super(graph, "updateStateByKey");
        this.parent = parent;
        this.update = update;
        this.numTasks = numTasks;
        keepPreviousBatch();
    }

    @Override
    public List<DStreamNode<?>> dependencies() {
        return List.of(parent);
    }

    @Override
    protected boolean materialized() {
        return true;
    }

    @Override
    protected Rdd<Pair<K, S>> compute(Time time) {
        Rdd<Pair<K, V>> batch = parent.getOrCompute(time);
        if (batch == null) {
            return null;
        }
        var previous = (KeyedTablesRdd<K, S>) getOrCompute(time.minus(slideDuration()));
        return new StateRdd<>(previous, new ShuffledRdd<>(batch, Aggregator.grouping(), numTasks), update, numTasks);
    }
}
