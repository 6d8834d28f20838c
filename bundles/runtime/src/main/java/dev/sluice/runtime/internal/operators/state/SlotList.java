package dev.sluice.runtime.internal.operators.state;

import java.util.Arrays;

/** A growable list of slot indices of a {@link StateTable}, with no object per entry. */
final class SlotList {

    private int[] items = new int[16];
    private int size;

    void add(int slot) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = slot;
    }

    /** Each slot {@code i} listed is now {@code movedTo[i]}, as a rehash moved it. */
    void moved(int[] movedTo) {
        for (int j = 0; j < size; j++) {
            items[j] = movedTo[items[j]];
        }
    }

    int at(int j) {
        return items[j];
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }
}
