package dev.sluice.runtime.internal.operators.state;

import java.util.List;
import dev.sluice.api.Pair;
import dev.sluice.api.Partitioner;
import dev.sluice.runtime.internal.exec.CheckedPartitioner;
import dev.sluice.api.StateSpec;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.exec.RepartitionedRdd;
import dev.sluice.runtime.internal.graph.DStreamGraph;
import dev.sluice.runtime.internal.graph.DStreamNode;
import dev.sluice.runtime.internal.graph.StatefulNode;
import dev.sluice.runtime.internal.exec.Execution;
import java.util.function.Consumer;

/** mapWithState: each batch's mapped values, with the state carried on from the previous batch. */
public final class MapWithStateNode<K, V, S, M> extends DStreamNode<M> implements StatefulNode {

    private final DStreamNode<Pair<K, V>> parent;
    private final StateSpec<K, V, S, M> spec;
    private final Partitioner partitioner;

    public MapWithStateNode(DStreamGraph graph, DStreamNode<Pair<K, V>> parent, StateSpec<K, V, S, M> spec) {
        super(graph, "mapWithState");
        this.parent = parent;
        this.spec = spec;
        this.partitioner = spec.partitioner().map(p -> CheckedPartitioner.of(p, "mapWithState")).orElseGet(() ->
                Partitioner.hash(spec.numPartitions() > 0 ? spec.numPartitions() : graph.defaultPartitions()));
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
    protected Rdd<M> compute(Time time) {
        Rdd<Pair<K, V>> batch = parent.getOrCompute(time);
        if (batch == null) {
            return null;
        }
        @SuppressWarnings("unchecked")
        var previous = (MapWithStateRdd<K, V, S, M>) getOrCompute(time.minus(slideDuration()));
        return new MapWithStateRdd<>(previous, RepartitionedRdd.byKey(batch, partitioner),
                spec, time.millis(), partitioner);
    }

    /**
     * Once its batch is done, a batch's mapped values go at once (the next batch reads only its
     * tables), unless something reads older batches of them, such as a window: a large batch's
     * values would otherwise outlive a collection or two and fill the old generation.
     */
    @Override
    @SuppressWarnings("unchecked")
    protected void cleared(Time completed) {
        if (rememberDuration().compareTo(slideDuration()) <= 0 && hasGenerated(completed)) {
            ((MapWithStateRdd<K, V, S, M>) getOrCompute(completed)).releaseMapped();
        }
    }

    @Override
    public int prepareSnapshot(Time time, Execution execution) {
        var batch = getOrCompute(time);
        if (batch == null) {
            return 0;
        }
        execution.pool().prepare(batch);
        return batch.numPartitions();
    }

    @Override
    public Layout layout() {
        return new Layout(3, 1);
    }

    /** Every key as key, state, time last touched; in the order the keys were touched if the spec has a timeout. */
    @Override
    @SuppressWarnings("unchecked")
    public void snapshot(Time time, int partition, Consumer<Object> out) {
        ((MapWithStateRdd<K, V, S, M>) getOrCompute(time)).tables().table(partition).forEach(slot -> {
            out.accept(slot.key);
            out.accept(slot.state());
            out.accept(slot.touched);
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public void restore(Time time, List<Object> records) {
        var tables = StateTables.<K, S>restore(partitioner, records, spec.timeout().isPresent());
        restoreGenerated(time, MapWithStateRdd.restored(tables, spec, time.millis()));
    }
}
