package dev.sluice.runtime.internal.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import dev.sluice.api.Pair;

/**
 * cartesian: one partition per pair of partitions of the two datasets, each pairing every element
 * of its left partition with every element of its right one (read once into memory).
 */
public final class CartesianRdd<T, U> extends Rdd<Pair<T, U>> {

    private final Rdd<T> left;
    private final Rdd<U> right;

    public CartesianRdd(Rdd<T> left, Rdd<U> right) {
        this.left = left;
        this.right = right;
    }

    @Override
    public int numPartitions() {
        return left.numPartitions() * right.numPartitions();
    }

    @Override
    public void compute(int p, Consumer<? super Pair<T, U>> out) {
        var others = new ArrayList<U>();
        right.compute(p % right.numPartitions(), others::add);
        left.compute(p / right.numPartitions(), t -> {
            for (U u : others) {
                out.accept(Pair.of(t, u));
            }
        });
    }

    @Override
    public List<Rdd<?>> parents() {
        return List.of(left, right);
    }
}
