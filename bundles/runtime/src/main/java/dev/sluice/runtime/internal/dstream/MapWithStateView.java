package dev.sluice.runtime.internal.dstream;

import dev.sluice.api.MapWithStateDStream;
import dev.sluice.api.PairDStream;
import dev.sluice.api.StreamingContext;
import dev.sluice.runtime.internal.operators.state.StateSnapshotsNode;
import dev.sluice.runtime.internal.operators.state.MapWithStateNode;

/** The mapped values of a mapWithState, and its state snapshots as a stream of their own. */
final class MapWithStateView<K, V, S, M> extends DStreamView<M> implements MapWithStateDStream<K, V, S, M> {

    MapWithStateView(StreamingContext context, MapWithStateNode<K, V, S, M> node) {
        super(context, node);
    }

    @Override
    @SuppressWarnings("unchecked")
    public PairDStream<K, S> stateSnapshots() {
        return pairView(new StateSnapshotsNode<>((MapWithStateNode<K, V, S, M>) node));
    }
}
