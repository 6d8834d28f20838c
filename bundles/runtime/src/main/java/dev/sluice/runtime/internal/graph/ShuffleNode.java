package dev.sluice.runtime.internal.graph;

import java.util.List;
import dev.sluice.api.Pair;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.Aggregator;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.exec.ShuffledRdd;

/** reduceByKey and its kin: combines each batch's values per key into {@code numTasks} hash partitions. */
public final class ShuffleNode<K, V, C> extends DStreamNode<Pair<K, C>> {

    private final DStreamNode<Pair<K, V>> parent;
    private final Aggregator<V, C> aggregator;
    private final int numTasks;

    public ShuffleNode(DStreamGraph graph, String operator, DStreamNode<Pair<K, V>> parent,
                       Aggregator<V, C> aggregator, int numTasks) {
        super(graph, operator);
        if (numTasks < 1) {
            throw new IllegalArgumentException(operator + " needs numTasks of at least 1, got " + numTasks);
        }
        this.parent = parent;
        this.aggregator = aggregator;
        this.numTasks = numTasks;
    }

    @Override
    public List<DStreamNode<?>> dependencies() {
        return List.of(parent);
    }

    @Override
    protected Rdd<Pair<K, C>> compute(Time time) {
        Rdd<Pair<K, V>> in = parent.getOrCompute(time);
        return in == null ? null : new ShuffledRdd<>(in, aggregator, numTasks);
    }
}
