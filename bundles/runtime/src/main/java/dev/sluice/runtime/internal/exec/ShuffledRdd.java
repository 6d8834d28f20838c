package dev.sluice.runtime.internal.exec;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import dev.sluice.api.Pair;
import dev.sluice.api.Partitioner;

/**
 * Key-value pairs combined per key into {@code numPartitions} hash partitions. The map stage
 * combines each parent partition into one table per output partition (map-side combining, so a
 * word count moves one entry per distinct word and map task); then each output partition merges
 * its tables, also in parallel. Reading a partition afterwards is a plain iteration. In a stream a
 * group shares, the merged tables then go through the group's key exchange ({@link KeyExchangeStep}),
 * so that each key is reduced on one member from every member's values.
 */
public final class ShuffledRdd<K, V, C> extends Rdd<Pair<K, C>> implements ExchangedShuffle {

    private Rdd<? extends Pair<K, V>> parent;
    private final Aggregator<V, C> aggregator;
    private final int numPartitions;
    private final Partitioner partitioner;
    private Map<K, C>[] reduced;
    /** Across the members of a group; null when this process has the whole batch. */
    private KeyExchangeStep exchange;

    public ShuffledRdd(Rdd<? extends Pair<K, V>> parent, Aggregator<V, C> aggregator, int numPartitions) {
        this(parent, aggregator, Partitioner.hash(numPartitions));
    }

    /** Partitioned by {@code partitioner} rather than by hash. */
    public ShuffledRdd(Rdd<? extends Pair<K, V>> parent, Aggregator<V, C> aggregator, Partitioner partitioner) {
        this.parent = parent;
        this.aggregator = aggregator;
        this.numPartitions = partitioner.numPartitions();
        this.partitioner = partitioner;
    }

    /** Reduces each key from the values of every member of the group {@code step} exchanges through. */
    public ShuffledRdd<K, V, C> exchangedThrough(KeyExchangeStep step) {
        this.exchange = step;
        return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized void runMapStage(WorkerPool pool) {
        if (reduced != null) {
            return;
        }
        Map<K, C>[] local = localTables(pool);
        if (exchange == null) {
            reduced = local;
            // the tables are all that is read from now on: let the parent's data go
            parent = null;
        } else {
            List<KeyExchangeStep.Side<K, C>> sides = List.of(side(local));
            exchange.send(sides);
            receive(sides);
        }
    }

    @Override
    public KeyExchangeStep exchange() {
        return exchange;
    }

    @Override
    public synchronized boolean received() {
        return reduced != null;
    }

    @Override
    public List<KeyExchangeStep.Side<?, ?>> localSides(WorkerPool pool) {
        return List.of(side(localTables(pool)));
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized void receive(List<? extends KeyExchangeStep.Side<?, ?>> sides) {
        reduced = (Map<K, C>[]) (Map<?, ?>[]) exchange.receive(sides).get(0);
        parent = null;
    }

    /** This process's part, combined per shuffle partition; for a cogroup that exchanges both sides at once. */
    @SuppressWarnings("unchecked")
    synchronized Map<K, C>[] localTables(WorkerPool pool) {
        var input = parent;
        int pieces = MapTasks.pieces(input, pool.size());
        int maps = input.numPartitions() * pieces;
        Map<K, C>[][] mapOutputs = new Map[maps][];
        // tasks that start after another ended make their tables as large as it needed
        var keysPerTable = new AtomicInteger();
        pool.runTasks(maps, m -> {
            var combiner = new MapSideCombiner<K, V, C>(aggregator, partitioner, keysPerTable.get());
            MapTasks.compute(input, m, pieces, combiner);
            keysPerTable.accumulateAndGet(combiner.largestTable(), Math::max);
            mapOutputs[m] = combiner.tables();
        });
        Map<K, C>[] result = new Map[numPartitions];
        pool.runTasks(numPartitions, r -> result[r] = merge(mapOutputs, r));
        return result;
    }

    /** {@code tables} as a side of a key exchange step. */
    KeyExchangeStep.Side<K, C> side(Map<K, C>[] tables) {
        return new KeyExchangeStep.Side<>(tables, aggregator, partitioner);
    }

    private Map<K, C> merge(Map<K, C>[][] mapOutputs, int r) {
        if (mapOutputs.length == 0) {
            return Map.of();
        }
        Map<K, C> target = mapOutputs[0][r];
        for (int m = 1; m < mapOutputs.length; m++) {
            mapOutputs[m][r].forEach((k, c) -> target.merge(k, c, aggregator::merge));
        }
        return target;
    }

    @Override
    public int numPartitions() {
        return numPartitions;
    }

    @Override
    public void compute(int r, Consumer<? super Pair<K, C>> out) {
        partition(r).forEach((k, c) -> out.accept(Pair.of(k, c)));
    }

    /** Output partition {@code r} as a table of key to combined value; the map stage must have run. */
    public synchronized Map<K, C> partition(int r) {
        if (reduced == null) {
            throw new IllegalStateException("shuffle read before its map stage ran");
        }
        return reduced[r];
    }

    @Override
    public synchronized List<Rdd<?>> parents() {
        return reduced != null ? List.of() : List.of(parent);
    }
}
