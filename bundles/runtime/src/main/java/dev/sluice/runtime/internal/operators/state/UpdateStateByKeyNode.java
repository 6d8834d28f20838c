package dev.sluice.runtime.internal.operators.state;

import dev.sluice.runtime.internal.graph.StatefulNode;
import dev.sluice.runtime.internal.graph.DStreamNode;
import dev.sluice.runtime.internal.graph.DStreamGraph;
import java.util.List;
import java.util.Optional;
import java.util.ArrayList;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import dev.sluice.runtime.internal.exec.Execution;
import dev.sluice.api.Pair;
import dev.sluice.api.Partitioner;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.Aggregator;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.exec.ShuffledRdd;
import dev.sluice.runtime.internal.exec.KeyExchangeStep;
import dev.sluice.runtime.internal.operators.keyed.ExchangedKeys;

/** updateStateByKey: each batch's state is the previous batch's state updated with this batch's values. */
public final class UpdateStateByKeyNode<K, V, S> extends DStreamNode<Pair<K, S>> implements StatefulNode {

    private final DStreamNode<Pair<K, V>> parent;
    private final BiFunction<? super List<V>, ? super Optional<S>, Optional<S>> update;
    private final Partitioner partitioner;
    private final Rdd<Pair<K, S>> initialState;
    private final ExchangedKeys exchange = new ExchangedKeys(this);
    /** In a group, the initial state each key partition's restore starts from; made at the first shared batch. */
    private InitialKeys initialKeys;

    public UpdateStateByKeyNode(DStreamGraph graph, DStreamNode<Pair<K, V>> parent,
                     BiFunction<? super List<V>, ? super Optional<S>, Optional<S>> update, int numTasks) {
        this(graph, parent, update, Partitioner.hash(numTasks), null);
    }

    /**
     * State partitioned by {@code partitioner}; the stream's first batch starts from
     * {@code initialState} (a static dataset, or null for none) instead of from no state.
     */
    public UpdateStateByKeyNode(DStreamGraph graph, DStreamNode<Pair<K, V>> parent,
                     BiFunction<? super List<V>, ? super Optional<S>, Optional<S>> update,
                     Partitioner partitioner, Rdd<Pair<K, S>> initialState) {
        super(graph, "updateStateByKey");
        this.parent = parent;
        this.update = update;
        this.partitioner = partitioner;
        this.initialState = initialState;
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
        // the previous state is changed in place unless something reads older batches (a window over the state)
        boolean inPlace = rememberDuration().compareTo(slideDuration()) <= 0;
        Optional<KeyExchangeStep> step = exchange.step(time);
        if (step.isEmpty()) {
            if (previous == null && initialState != null && !time.minus(slideDuration()).isAfter(graph.zeroTime())) {
                previous = new InitialStateRdd<>(initialState, partitioner);
            }
            return inPlace ? StateRdd.dealing(previous, batch, update, partitioner)
                    : new StateRdd<>(previous, new ShuffledRdd<>(batch, Aggregator.<V>grouping(), partitioner), update,
                            partitioner.numPartitions(), false);
        }
        var values = new ShuffledRdd<>(batch, Aggregator.<V>grouping(), partitioner);
        // in a group: each key's values meet on the owner of its key partition, which holds its state;
        // the initial state comes with each key partition's restore
        if (initialState != null && initialKeys == null) {
            initialKeys = InitialKeys.of(new InitialStateRdd<>(initialState, partitioner));
        }
        return new StateRdd<>(previous, values.exchangedThrough(step.get()), update, partitioner.numPartitions(),
                inPlace).sharedAs(new SharedState(step.get(), partitioner, initialKeys, false));
    }

    /**
     * In a group: the keys' values meet through the group's key exchange, and each key partition's
     * state lives on its owner, backed by the group's changelog, laid over the initial state's keys
     * of the partition.
     */
    @Override
    public GroupPart groupPart() {
        return GroupPart.BY_KEY;
    }

    @Override
    public int prepareSnapshot(Time time, Execution execution) {
        var state = getOrCompute(time);
        if (state == null) {
            return 0;
        }
        execution.pool().prepare(state);
        return state.numPartitions();
    }

    @Override
    public Layout layout() {
        return new Layout(2, 1);
    }

    /** The state as key, state, key, state, ... */
    @Override
    public void snapshot(Time time, int partition, Consumer<Object> out) {
        ((KeyedTablesRdd<K, S>) getOrCompute(time)).partition(partition).forEach((k, s) -> {
            out.accept(k);
            out.accept(s);
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public void restore(Time time, List<Object> records) {
        var pairs = new ArrayList<Pair<K, S>>(records.size() / 2);
        for (int i = 0; i + 1 < records.size(); i += 2) {
            pairs.add(Pair.of((K) records.get(i), (S) records.get(i + 1)));
        }
        restoreGenerated(time, new RestoredTablesRdd<>(pairs, partitioner));
    }
}
