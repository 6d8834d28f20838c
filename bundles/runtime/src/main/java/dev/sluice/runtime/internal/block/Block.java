package dev.sluice.runtime.internal.block;

import java.util.List;

/** Records received together within one block interval, in arrival order. */
public record Block(BlockId id, List<?> records) {

    public int size() {
        return records.size();
    }
}
