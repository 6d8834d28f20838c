package dev.sluice.runtime.internal.operators.state;

import dev.sluice.runtime.internal.exec.ShuffledRdd;
import dev.sluice.runtime.internal.exec.Rdd;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * updateStateByKey's state after one batch: the update function called for every key that has
 * state or new values (with an empty list when no values came); a key whose function returns
 * empty is dropped.
 */
public final class StateRdd<K, V, S> extends KeyedTablesRdd<K, S> {

    private final BiFunction<? super List<V>, ? super Optional<S>, Optional<S>> update;
    private KeyedTablesRdd<K, S> previous;
    private ShuffledRdd<K, V, List<V>> values;

    public StateRdd(KeyedTablesRdd<K, S> previous, ShuffledRdd<K, V, List<V>> values,
                    BiFunction<? super List<V>, ? super Optional<S>, Optional<S>> update, int numPartitions) {
        super(numPartitions);
        this.previous = previous;
        this.values = values;
        this.update = update;
    }

    @Override
    protected Map<K, S> build(int r) {
        Map<K, S> before = previous == null ? Map.of() : previous.partition(r);
        Map<K, List<V>> batch = values.partition(r);
        var keys = new HashSet<K>(before.keySet());
        keys.addAll(batch.keySet());
        var after = new HashMap<K, S>(keys.size() * 4 / 3 + 1);
        for (K k : keys) {
            update.apply(batch.getOrDefault(k, List.of()), Optional.ofNullable(before.get(k)))
                    .ifPresent(s -> after.put(k, s));
        }
        return after;
    }

    /** The state as before this batch: the batch's values are lost, the state is not. */
    @Override
    protected Map<K, S> fallback(int r) {
        return previous == null ? new HashMap<>() : previous.partition(r);
    }

    @Override
    protected List<Rdd<?>> inputs() {
        var all = new ArrayList<Rdd<?>>(List.of(values));
        if (previous != null) {
            all.add(previous);
        }
        return all;
    }

    @Override
    protected void releaseInputs() {
        previous = null;
        values = null;
    }
}
