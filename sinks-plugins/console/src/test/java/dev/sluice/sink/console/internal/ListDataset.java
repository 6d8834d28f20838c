package dev.sluice.sink.console.internal;

import dev.sluice.api.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A batch held in a list, one partition. Only {@code take} works, and it records what it was asked
 * for: a sink that printed by computing the whole batch would fail loudly.
 */
final class ListDataset<T> implements Dataset<T> {

    private final List<T> elements;
    final List<Integer> takes = new ArrayList<>();

    ListDataset(List<T> elements) {
        this.elements = elements;
    }

    @Override
    public int numPartitions() {
        return 1;
    }

    @Override
    public long count() {
        throw new UnsupportedOperationException("count computes the whole batch");
    }

    @Override
    public boolean isEmpty() {
        return elements.isEmpty();
    }

    @Override
    public List<T> collect() {
        throw new UnsupportedOperationException("collect computes the whole batch");
    }

    @Override
    public List<T> take(int n) {
        takes.add(n);
        return new ArrayList<>(elements.subList(0, Math.min(n, elements.size())));
    }

    @Override
    public void forEach(Consumer<? super T> action) {
        throw new UnsupportedOperationException("forEach computes the whole batch");
    }
}
