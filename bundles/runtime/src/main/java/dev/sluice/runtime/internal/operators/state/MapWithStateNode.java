package dev.sluice.runtime.internal.operators.state;

import java.util.List;
import java.util.Optional;
import dev.sluice.runtime.internal.exec.Aggregator;
import dev.sluice.runtime.internal.exec.KeyExchangeStep;
import dev.sluice.runtime.internal.exec.PipelinedRdd;
import dev.sluice.runtime.internal.exec.ShuffledRdd;
import dev.sluice.runtime.internal.operators.keyed.ExchangedKeys;
import dev.sluice.api.Pair;
import dev.sluice.api.Partitioner;
import dev.sluice.runtime.internal.exec.CheckedPartitioner;
import dev.sluice.api.StateSpec;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.Rdd;
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
    private final ExchangedKeys exchange = new ExchangedKeys(this);
    /** In a group, the initial state each key partition's restore starts from; null for none. */
    private final InitialKeys initialKeys;

    public MapWithStateNode(DStreamGraph graph, DStreamNode<Pair<K, V>> parent, StateSpec<K, V, S, M> spec) {
        super(graph, "mapWithState");
        this.parent = parent;
        this.spec = spec;
        this.partitioner = spec.partitioner().map(p -> CheckedPartitioner.of(p, "mapWithState")).orElseGet(() ->
                Partitioner.hash(spec.numPartitions() > 0 ? spec.numPartitions() : graph.defaultPartitions()));
        this.initialKeys = spec.initialState().isEmpty() ? null : InitialKeys.of(spec.initialState());
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
        Optional<KeyExchangeStep> step = exchange.step(time);
        if (step.isEmpty()) {
            return MapWithStateRdd.dealing(previous, batch, spec, time.millis(), partitioner);
        }
        // in a group: each key's records meet on the owner of its key partition, which holds its state
        ShuffledRdd<K, V, List<V>> grouped = new ShuffledRdd<>(batch, Aggregator.<V>grouping(), partitioner)
                .exchangedThrough(step.get());
        Rdd<Pair<K, V>> values = new PipelinedRdd<>(grouped, out -> keyed -> keyed.value().forEach(v ->
                out.accept(Pair.of(keyed.key(), v))));
        return new MapWithStateRdd<>(previous, values, spec, time.millis(), partitioner)
                .sharedAs(new SharedState(step.get(), partitioner, initialKeys, true));
    }

    /**
     * In a group: the records meet through the group's key exchange, and each key partition's state
     * (with each key's touch time, so timeouts come as on one container) lives on its owner, backed
     * by the group's changelog, laid over the initial state's keys of the partition.
     */
    @Override
    public GroupPart groupPart() {
        return GroupPart.BY_KEY;
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

    /** Every key as key, state, time last touched. */
    @Override
    @SuppressWarnings("unchecked")
    public void snapshot(Time time, int partition, Consumer<Object> out) {
        var table = ((MapWithStateRdd<K, V, S, M>) getOrCompute(time)).tables().table(partition);
        table.forEachSlot(i -> {
            out.accept(table.keyAt(i));
            out.accept(table.stateAt(i));
            out.accept(table.touchedAt(i));
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public void restore(Time time, List<Object> records) {
        var tables = StateTables.<K, S>restore(partitioner, records, spec.timeout().isPresent());
        restoreGenerated(time, MapWithStateRdd.restored(tables, spec, time.millis()));
    }
}
