package dev.sluice.runtime.internal.operators.state;

import dev.sluice.api.Pair;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.operators.OneParentNode;

/** {@code stateSnapshots}: every key of a mapWithState with its state, each batch. */
public final class StateSnapshotsNode<K, V, S, M> extends OneParentNode<M, Pair<K, S>> {

    public StateSnapshotsNode(MapWithStateNode<K, V, S, M> parent) {
        super(parent, "stateSnapshots");
    }

    @Override
    @SuppressWarnings("unchecked")
    protected Rdd<Pair<K, S>> apply(Rdd<M> batch, Time time) {
        return new StateSnapshotRdd<>((MapWithStateRdd<K, V, S, M>) batch);
    }

    /** In a group each member holds the state of its key partitions: their snapshots together are the whole. */
    @Override
    public GroupPart groupPart() {
        return GroupPart.PER_PART;
    }
}
