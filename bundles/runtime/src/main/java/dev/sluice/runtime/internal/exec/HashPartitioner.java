package dev.sluice.runtime.internal.exec;

/** Which of {@code n} partitions a key goes to; spreads the high bits so weak hash codes still balance. */
public final class HashPartitioner {

    private HashPartitioner() {
    }

    public static int partition(Object key, int n) {
        if (key == null) {
            return 0;
        }
        int h = key.hashCode();
        h ^= h >>> 16;
        return Math.floorMod(h, n);
    }
}
