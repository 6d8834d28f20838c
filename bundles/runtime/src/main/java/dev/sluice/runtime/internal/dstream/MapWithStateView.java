package dev.sluice.runtime.internal.dstream;

import java.util.List;
import dev.sluice.api.MapWithStateDStream;
import dev.sluice.api.PairDStream;
import dev.sluice.api.StreamingContext;
import dev.sluice.runtime.internal.graph.TransformedNode;
import dev.sluice.runtime.internal.operators.state.MapWithStateNode;
import dev.sluice.runtime.internal.operators.state.MapWithStateRdd;
import dev.sluice.runtime.internal.operators.state.StateSnapshotRdd;

/** The mapped values of a mapWithState, and its state snapshots as a stream of their own. */
final class MapWithStateView<K, V, S, M> extends DStreamView<M> implements MapWithStateDStream<K, V, S, M> {

    MapWithStateView(StreamingContext context, MapWithStateNode<K, V, S, M> node) {
        super(context, node);
    }

    @Override
    @SuppressWarnings("unchecked")
    public PairDStream<K, S> stateSnapshots() {
        return pairView(new TransformedNode<>(graph(), "stateSnapshots", List.of(node),
                (rdds, time) -> new StateSnapshotRdd<>((MapWithStateRdd<K, V, S, M>) rdds.get(0))));
    }
}
