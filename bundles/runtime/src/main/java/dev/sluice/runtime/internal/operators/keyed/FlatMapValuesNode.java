package dev.sluice.runtime.internal.operators.keyed;

import dev.sluice.api.Pair;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.PipelinedRdd;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.graph.DStreamNode;
import dev.sluice.runtime.internal.operators.OneParentNode;
import java.util.function.Function;

/** {@code flatMapValues}: every value to any number of values under the same key. */
public final class FlatMapValuesNode<K, V, W> extends OneParentNode<Pair<K, V>, Pair<K, W>> {

    private final Function<? super V, ? extends Iterable<? extends W>> f;

    public FlatMapValuesNode(DStreamNode<Pair<K, V>> parent, Function<? super V, ? extends Iterable<? extends W>> f) {
        super(parent, "flatMapValues");
        this.f = f;
    }

    @Override
    protected Rdd<Pair<K, W>> apply(Rdd<Pair<K, V>> batch, Time time) {
        return new PipelinedRdd<Pair<K, V>, Pair<K, W>>(batch, out -> p -> {
            for (W w : f.apply(p.value())) {
                out.accept(Pair.of(p.key(), w));
            }
        });
    }

    /** In a group: each element on its own: a member's part of the batch in, its part out. */
    @Override
    public GroupPart groupPart() {
        return GroupPart.PER_PART;
    }
}
