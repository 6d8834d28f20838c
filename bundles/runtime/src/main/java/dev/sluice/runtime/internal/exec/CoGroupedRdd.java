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
 * so that a key's values from both sides and every member meet on one member; when the exchange
 * gives a key partition with batches not yet reduced (taken over, or read again), each of those
 * batches is grouped on its own, so that a join pairs values of the same batch only, and a key
 * comes once for each of those batches it had values in.
 */
public final class CoGroupedRdd<K, V, W> extends Rdd<Pair<K, Pair<List<V>, List<W>>>> implements ExchangedShuffle {

    /** Each side's shuffle; with an exchange, let go once it gave the keys. */
    private ShuffledRdd<K, V, List<V>> left;
    private ShuffledRdd<K, W, List<W>> right;
    private final int numPartitions;
    /** Across the members of a group; null when this process has the whole batch. */
    private KeyExchangeStep exchange;
    /** What the exchange gave, per upstream batch both sides' tables; null until then. */
    private List<List<Map<Object, Object>[]>> received;

    public CoGroupedRdd(Rdd<? extends Pair<K, V>> left, Rdd<? extends Pair<K, W>> right, int numPartitions) {
        this.left = new ShuffledRdd<>(left, Aggregator.grouping(), numPartitions);
        this.right = new ShuffledRdd<>(right, Aggregator.grouping(), numPartitions);
        this.numPartitions = numPartitions;
    }

    /** Groups each key from both sides' values on every member of the group {@code step} exchanges through. */
    public CoGroupedRdd<K, V, W> exchangedThrough(KeyExchangeStep step) {
        this.exchange = step;
        return this;
    }

    /** With an exchange, both sides' map stages, then one step through it; without, each side's own stage has run. */
    @Override
    public synchronized void runMapStage(WorkerPool pool) {
        if (exchange == null || received != null) {
            return;
        }
        List<KeyExchangeStep.Side<?, ?>> sides = localSides(pool);
        exchange.send(sides);
        receive(sides);
    }

    @Override
    public KeyExchangeStep exchange() {
        return exchange;
    }

    @Override
    public synchronized boolean received() {
        return received != null;
    }

    @Override
    public synchronized List<KeyExchangeStep.Side<?, ?>> localSides(WorkerPool pool) {
        return List.of(left.side(left.localTables(pool)), right.side(right.localTables(pool)));
    }

    @Override
    public synchronized void receive(List<? extends KeyExchangeStep.Side<?, ?>> sides) {
        received = exchange.receiveByBatch(sides);
        // the tables are all that is read from now on: let the sides' data go
        left = null;
        right = null;
    }

    @Override
    public int numPartitions() {
        return numPartitions;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void compute(int p, Consumer<? super Pair<K, Pair<List<V>, List<W>>>> out) {
        List<List<Map<Object, Object>[]>> slices;
        synchronized (this) {
            slices = received;
        }
        if (slices == null) {
            pair(left.partition(p), right.partition(p), out);
            return;
        }
        for (List<Map<Object, Object>[]> slice : slices) {
            pair((Map<K, List<V>>) (Map<?, ?>) slice.get(0)[p], (Map<K, List<W>>) (Map<?, ?>) slice.get(1)[p], out);
        }
    }

    private void pair(Map<K, List<V>> l, Map<K, List<W>> r, Consumer<? super Pair<K, Pair<List<V>, List<W>>>> out) {
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
        if (received == null) {
            parents.addAll(left.parents());
            parents.addAll(right.parents());
        }
        return parents;
    }
}
