package dev.sluice.runtime.internal.exec;

import dev.sluice.api.HashPartitioning;

/** Which of {@code n} partitions a key goes to; spreads the high bits so weak hash codes still balance. */
public final class HashPartitioner {

    private HashPartitioner() {
    }

    public static int partition(Object key, int n) {
        return HashPartitioning.partitionOf(key, n);
    }
}
