package dev.sluice.runtime.internal.operators.state;

import java.util.List;
import java.util.function.Consumer;
import dev.sluice.api.Pair;
import dev.sluice.runtime.internal.exec.Rdd;

/** Every key of a mapWithState and its state after the batch; valid while that batch runs. */
public final class StateSnapshotRdd<K, S> extends Rdd<Pair<K, S>> {

    private final MapWithStateRdd<K, ?, S, ?> batch;

    public StateSnapshotRdd(MapWithStateRdd<K, ?, S, ?> batch) {
        this.batch = batch;
    }

    @Override
    public int numPartitions() {
        return batch.numPartitions();
    }

    @Override
    public void compute(int p, Consumer<? super Pair<K, S>> out) {
        var table = batch.tables().table(p);
        table.forEachSlot(i -> out.accept(Pair.of(table.keyAt(i), table.stateAt(i))));
    }

    @Override
    public List<Rdd<?>> parents() {
        return List.of(batch);
    }
}
