package dev.sluice.runtime.internal.operators.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import dev.sluice.api.Pair;
import dev.sluice.api.Partitioner;
import dev.sluice.runtime.internal.exec.MapTasks;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.exec.WorkerPool;

/**
 * The map tasks of a state stage that deals its batch itself: the batch's partitions (cut into
 * pieces when they would leave workers idle) in parallel, each task filling one share per state
 * partition. Task m's shares hold its part of the batch in order, so reading the shares of task
 * 0, 1, ... gives each partition its records in the batch's order.
 */
final class Dealing {

    /** An empty share of state partition {@code partition} for one of {@code tasks} map tasks. */
    @FunctionalInterface
    interface ShareMaker<T> {
        T make(int partition, int tasks);
    }

    /** Puts one pair into {@code shares}, the running task's share of each state partition. */
    @FunctionalInterface
    interface Dealer<T, K, V> {
        void deal(T[] shares, int partition, K key, V value);
    }

    private Dealing() {
    }

    /**
     * Each map task's shares, in task order: made empty by {@code newShare}, filled by {@code dealer},
     * then each handed to {@code finish} once its task has dealt all its records.
     */
    static <T, K, V> List<T[]> run(Rdd<? extends Pair<K, V>> batch, Partitioner partitioner, WorkerPool pool,
                                   IntFunction<T[]> newArray, ShareMaker<T> newShare, Dealer<T, K, V> dealer,
                                   Consumer<T> finish) {
        int pieces = MapTasks.pieces(batch, pool.size());
        int tasks = batch.numPartitions() * pieces;
        var shares = new ArrayList<T[]>(Collections.nCopies(tasks, null));
        pool.runTasks(tasks, m -> {
            T[] mine = newArray.apply(partitioner.numPartitions());
            for (int r = 0; r < mine.length; r++) {
                mine[r] = newShare.make(r, tasks);
            }
            MapTasks.compute(batch, m, pieces, pair -> {
                K key = pair.key();
                dealer.deal(mine, partitioner.partition(key), key, pair.value());
            });
            for (T share : mine) {
                finish.accept(share);
            }
            shares.set(m, mine);
        });
        return shares;
    }
}
