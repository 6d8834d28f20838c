package dev.sluice.runtime.internal.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A dataset held in memory, one list per partition (the queue stream's and tests' input). */
public final class ListRdd<T> extends Rdd<T> {

    private final List<? extends List<? extends T>> partitions;

    public ListRdd(List<? extends List<? extends T>> partitions) {
        this.partitions = partitions;
    }

    /** Splits {@code elements} into {@code n} contiguous partitions of near-equal size. */
    public static <T> ListRdd<T> of(List<? extends T> elements, int n) {
        var parts = new ArrayList<List<? extends T>>(n);
        int size = elements.size();
        for (int i = 0; i < n; i++) {
            parts.add(elements.subList((int) ((long) size * i / n), (int) ((long) size * (i + 1) / n)));
        }
        return new ListRdd<>(parts);
    }

    public static <T> ListRdd<T> empty() {
        return new ListRdd<>(List.of());
    }

    @Override
    public int numPartitions() {
        return partitions.size();
    }

    @Override
    public void compute(int p, Consumer<? super T> out) {
        for (T t : partitions.get(p)) {
            out.accept(t);
        }
    }

    @Override
    public List<Rdd<?>> parents() {
        return List.of();
    }
}
