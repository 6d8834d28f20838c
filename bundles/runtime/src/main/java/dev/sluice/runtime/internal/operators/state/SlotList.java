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
