package dev.sluice.runtime.internal.exec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import dev.sluice.api.Pair;

/**
 * cogroup: both sides grouped by key into the same hash partitions, then each partition pairs up
 * the value lists of every key present on either side. Joins are built on it. In a stream a group
 * shares, both sides go through the group's key exchange in one step ({@link KeyExchangeStep}),
 * so that a key's values from both sides and every member meet on one member.
 */
public final class CoGroupedRdd<K, V, W> extends Rdd<Pair<K, Pair<List<V>, List<W>>>> implements ExchangedShuffle {

    private final ShuffledRdd<K, V, List<V>> left;
    private final ShuffledRdd<K, W, List<W>> right;
    /** Across the members of a group; null when this process has the whole batch. */
    private KeyExchangeStep exchange;
    private boolean exchanged;

    public CoGroupedRdd(Rdd<? extends Pair<K, V>> left, Rdd<? extends Pair<K, W>> right, int numPartitions) {
        this.left = new ShuffledRdd<>(left, Aggregator.grouping(), numPartitions);
        this.right = new ShuffledRdd<>(right, Aggregator.grouping(), numPartitions);
    }

    /** Groups each key from both sides' values on every member of the group {@code step} exchanges through. */
    public CoGroupedRdd<K, V, W> exchangedThrough(KeyExchangeStep step) {
        this.exchange = step;
        return this;
    }

    /** With an exchange, both sides' map stages, then one step through it; without, each side's own stage has run. */
    @Override
    public synchronized void runMapStage(WorkerPool pool) {
        if (exchange == null || exchanged) {
            return;
        }
        List<KeyExchangeStep.Side<?, ?>> sides = localSides(pool);
        useReceived(exchange.exchange(sides));
    }

    @Override
    public KeyExchangeStep exchange() {
        return exchange;
    }

    @Override
    public synchronized boolean received() {
        return exchanged;
    }

    @Override
    public List<KeyExchangeStep.Side<?, ?>> localSides(WorkerPool pool) {
        return List.of(left.side(left.localTables(pool)), right.side(right.localTables(pool)));
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized void useReceived(List<Map<Object, Object>[]> both) {
        left.useExchanged((Map<K, List<V>>[]) (Map<?, ?>[]) both.get(0));
        right.useExchanged((Map<K, List<W>>[]) (Map<?, ?>[]) both.get(1));
        exchanged = true;
    }

    @Override
    public int numPartitions() {
        return left.numPartitions();
    }

    @Override
    public void compute(int p, Consumer<? super Pair<K, Pair<List<V>, List<W>>>> out) {
        Map<K, List<V>> l = left.partition(p);
        Map<K, List<W>> r = right.partition(p);
        var keys = new HashSet<K>(l.keySet());
        keys.addAll(r.keySet());
        for (K k : keys) {
            out.accept(Pair.of(k, Pair.of(l.getOrDefault(k, List.of()), r.getOrDefault(k, List.of()))));
        }
    }

    @Override
    public synchronized List<Rdd<?>> parents() {
        if (exchange == null) {
            return new ArrayList<>(List.of(left, right));
        }
        // exchanged together: the sides' own map stages must not run alone, only what they read
        var parents = new ArrayList<Rdd<?>>();
        if (!exchanged) {
            parents.addAll(left.parents());
            parents.addAll(right.parents());
        }
        return parents;
    }
}
