package dev.sluice.runtime.internal.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Keeps each partition once computed, so a dataset used several times is computed once. */
public final class CachedRdd<T> extends Rdd<T> {

    private final Rdd<T> parent;
    private final List<T>[] partitions;

    @SuppressWarnings("unchecked")
    public CachedRdd(Rdd<T> parent) {
        this.parent = parent;
        this.partitions = new List[parent.numPartitions()];
    }

    @Override
    public int numPartitions() {
        return partitions.length;
    }

    @Override
    public void compute(int p, Consumer<? super T> out) {
        partition(p).forEach(out);
    }

    private List<T> partition(int p) {
        synchronized (partitions) {
            if (partitions[p] != null) {
                return partitions[p];
            }
        }
        var elements = new ArrayList<T>();
        parent.compute(p, elements::add);
        synchronized (partitions) {
            if (partitions[p] == null) {
                partitions[p] = elements;
            }
            return partitions[p];
        }
    }

    @Override
    public List<Rdd<?>> parents() {
        return List.of(parent);
    }
}
