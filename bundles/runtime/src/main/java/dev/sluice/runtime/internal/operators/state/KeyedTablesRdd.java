package dev.sluice.runtime.internal.operators.state;

import dev.sluice.runtime.internal.exec.WorkerPool;
import dev.sluice.runtime.internal.exec.ShuffleStage;
import dev.sluice.runtime.internal.exec.Rdd;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import dev.sluice.api.Pair;

/**
 * Key-value pairs held as one hash table per partition, partitioned like a shuffle with the same
 * number of partitions, so partition r of either holds the same keys. Subclasses build the tables
 * in their stage (windows from the previous window, state from the previous state); once built,
 * they drop their inputs, so a chain of windows or states never holds more than one step.
 */
public abstract class KeyedTablesRdd<K, V> extends Rdd<Pair<K, V>> implements ShuffleStage {

    private final int numPartitions;
    private Map<K, V>[] tables;

    protected KeyedTablesRdd(int numPartitions) {
        this.numPartitions = numPartitions;
    }

    /** Runs before the tables are built, e.g. a map stage of the subclass's own over its input. */
    protected void prepare(WorkerPool pool) {
    }

    /** Builds the table of partition {@code r}; runs once per partition, in parallel. */
    protected abstract Map<K, V> build(int r);

    /**
     * Runs for each partition once every partition is built: a subclass that builds a table by
     * changing its input's in place makes the changes here, so a failing build changes nothing.
     */
    protected void commit(int r) {
    }

    /** Runs once every partition is committed, before the stage counts as done. */
    protected void committed() {
    }

    /** The datasets {@link #build} reads, until the tables are built. */
    protected abstract List<Rdd<?>> inputs();

    /** Lets go of the inputs once the tables are built. */
    protected abstract void releaseInputs();

    /**
     * The table of partition {@code r} when building failed: what the stream carries on from, so
     * that a failing user function fails its own batch and not every batch after it.
     */
    protected abstract Map<K, V> fallback(int r);

    @Override
    @SuppressWarnings("unchecked")
    public final synchronized void runMapStage(WorkerPool pool) {
        if (tables != null) {
            return;
        }
        Map<K, V>[] built = new Map[numPartitions];
        try {
            prepare(pool);
            pool.runTasks(numPartitions, r -> built[r] = build(r));
            pool.runTasks(numPartitions, this::commit);
            committed();
        } catch (RuntimeException | Error e) {
            for (int r = 0; r < numPartitions; r++) {
                built[r] = fallback(r);
            }
            throw e;
        } finally {
            tables = built;
            releaseInputs();
        }
    }

    /** Partition {@code r} as a table; the stage must have run. */
    public final synchronized Map<K, V> partition(int r) {
        if (tables == null) {
            throw new IllegalStateException("keyed table read before its stage ran");
        }
        return tables[r];
    }

    @Override
    public final int numPartitions() {
        return numPartitions;
    }

    @Override
    public final void compute(int r, Consumer<? super Pair<K, V>> out) {
        for (Map.Entry<K, V> e : partition(r).entrySet()) {
            out.accept(Pair.of(e.getKey(), e.getValue()));
        }
    }

    @Override
    public final synchronized List<Rdd<?>> parents() {
        return tables != null ? List.of() : inputs();
    }
}
