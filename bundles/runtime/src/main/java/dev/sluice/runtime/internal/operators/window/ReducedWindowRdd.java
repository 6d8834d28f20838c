package dev.sluice.runtime.internal.operators.window;

import dev.sluice.runtime.internal.exec.ShuffledRdd;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.operators.state.KeyedTablesRdd;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.Predicate;
import dev.sluice.api.Pair;

/**
 * One window of an incremental reduceByKeyAndWindow: the previous window's values, with the
 * batches that left the window inverse-reduced out and the batches that entered reduced in.
 * Without a previous window (the first one) it reduces every batch of the window. Each batch is
 * already reduced per key into the same partitions, so partition r only reads partition r.
 */
public final class ReducedWindowRdd<K, V> extends KeyedTablesRdd<K, V> {

    private final BinaryOperator<V> reduce;
    private final BinaryOperator<V> inverse;
    private final Predicate<? super Pair<K, V>> keep;
    private KeyedTablesRdd<K, V> previous;
    private List<ShuffledRdd<K, V, V>> leaving;
    private List<ShuffledRdd<K, V, V>> entering;

    public ReducedWindowRdd(KeyedTablesRdd<K, V> previous, List<ShuffledRdd<K, V, V>> leaving,
                            List<ShuffledRdd<K, V, V>> entering, BinaryOperator<V> reduce, BinaryOperator<V> inverse,
                            Predicate<? super Pair<K, V>> keep, int numPartitions) {
        super(numPartitions);
        this.previous = previous;
        this.leaving = List.copyOf(leaving);
        this.entering = List.copyOf(entering);
        this.reduce = reduce;
        this.inverse = inverse;
        this.keep = keep;
    }

    @Override
    protected Map<K, V> build(int r) {
        var values = previous == null ? new HashMap<K, V>() : new HashMap<>(previous.partition(r));
        for (ShuffledRdd<K, V, V> batch : leaving) {
            batch.partition(r).forEach((k, old) -> values.computeIfPresent(k, (key, v) -> inverse.apply(v, old)));
        }
        for (ShuffledRdd<K, V, V> batch : entering) {
            batch.partition(r).forEach((k, v) -> values.merge(k, v, reduce));
        }
        if (keep != null) {
            values.entrySet().removeIf(e -> !keep.test(Pair.of(e.getKey(), e.getValue())));
        }
        return values;
    }

    /** The previous window as it was: this slide's batches are missing from the windows that follow. */
    @Override
    protected Map<K, V> fallback(int r) {
        return previous == null ? new HashMap<>() : previous.partition(r);
    }

    @Override
    protected List<Rdd<?>> inputs() {
        var all = new ArrayList<Rdd<?>>(leaving);
        all.addAll(entering);
        if (previous != null) {
            all.add(previous);
        }
        return all;
    }

    @Override
    protected void releaseInputs() {
        previous = null;
        leaving = List.of();
        entering = List.of();
    }
}
