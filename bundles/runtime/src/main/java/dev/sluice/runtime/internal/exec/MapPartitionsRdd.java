package dev.sluice.runtime.internal.exec;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/** mapPartitions: the user's function sees a whole partition as an iterator, so the partition is gathered first. */
public final class MapPartitionsRdd<P, T> extends Rdd<T> {

    private final Rdd<P> parent;
    private final Function<? super Iterator<P>, ? extends Iterator<? extends T>> f;

    public MapPartitionsRdd(Rdd<P> parent, Function<? super Iterator<P>, ? extends Iterator<? extends T>> f) {
        this.parent = parent;
        this.f = f;
    }

    @Override
    public int numPartitions() {
        return parent.numPartitions();
    }

    @Override
    public void compute(int p, Consumer<? super T> out) {
        var elements = new ArrayList<P>();
        parent.compute(p, elements::add);
        f.apply(elements.iterator()).forEachRemaining(out);
    }

    @Override
    public List<Rdd<?>> parents() {
        return List.of(parent);
    }
}
