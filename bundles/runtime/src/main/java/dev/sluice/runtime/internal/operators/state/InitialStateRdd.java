package dev.sluice.runtime.internal.operators.state;

import dev.sluice.runtime.internal.exec.ShuffledRdd;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.exec.Aggregator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import dev.sluice.api.Partitioner;
import dev.sluice.api.Pair;

/**
 * The state updateStateByKey starts from at the stream's first batch: a dataset of key and state,
 * partitioned as the state is. Of several states given for one key, the last one read is kept.
 */
public final class InitialStateRdd<K, S> extends KeyedTablesRdd<K, S> {

    private ShuffledRdd<K, S, S> byKey;

    public InitialStateRdd(Rdd<Pair<K, S>> initial, Partitioner partitioner) {
        super(partitioner.numPartitions());
        this.byKey = new ShuffledRdd<>(initial, Aggregator.reducing((earlier, later) -> later), partitioner);
    }

    @Override
    protected Map<K, S> build(int r) {
        return new HashMap<>(byKey.partition(r));
    }

    @Override
    protected List<Rdd<?>> inputs() {
        return List.of(byKey);
    }

    @Override
    protected void releaseInputs() {
        byKey = null;
    }

    @Override
    protected Map<K, S> fallback(int r) {
        return new HashMap<>();
    }
}
