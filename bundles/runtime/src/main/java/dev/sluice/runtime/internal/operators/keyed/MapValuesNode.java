package dev.sluice.runtime.internal.operators.keyed;

import dev.sluice.api.Pair;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.PipelinedRdd;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.exec.Stage;
import dev.sluice.runtime.internal.graph.DStreamNode;
import dev.sluice.runtime.internal.operators.OneParentNode;
import java.util.function.Function;

/** {@code mapValues}: every value through a function, keys and partitions kept. */
public final class MapValuesNode<K, V, W> extends OneParentNode<Pair<K, V>, Pair<K, W>> {

    private final Function<? super V, ? extends W> f;

    public MapValuesNode(DStreamNode<Pair<K, V>> parent, Function<? super V, ? extends W> f) {
        super(parent, "mapValues");
        this.f = f;
    }

    @Override
    protected Rdd<Pair<K, W>> apply(Rdd<Pair<K, V>> batch, Time time) {
        return new PipelinedRdd<>(batch, Stage.map(p -> Pair.of(p.key(), f.apply(p.value()))));
    }

    /** In a group: each element on its own: a member's part of the batch in, its part out. */
    @Override
    public GroupPart groupPart() {
        return GroupPart.PER_PART;
    }
}
