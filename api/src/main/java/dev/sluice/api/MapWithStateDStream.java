package dev.sluice.api;

import org.osgi.annotation.versioning.ProviderType;

/** The mapped values of {@link PairDStream#mapWithState}, with the state behind them. */
@ProviderType
public interface MapWithStateDStream<K, V, S, M> extends DStream<M> {

    /** Every batch: every key that has state, with its state after the batch. */
    PairDStream<K, S> stateSnapshots();
}
