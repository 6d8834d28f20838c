package dev.sluice.api;

/**
 * The hash partitioner: a key's hash code, with its high bits spread so weak hash codes still
 * balance, modulo the number of partitions; null keys go to partition 0.
 */
public record HashPartitioning(int numPartitions) implements Partitioner {

    public HashPartitioning {
        if (numPartitions < 1) {
            throw new ConfigException("a partitioner needs at least 1 partition, got " + numPartitions);
        }
    }

    @Override
    public int partition(Object key) {
        return partitionOf(key, numPartitions);
    }

    /** The partition of {@code key} among {@code n}. */
    public static int partitionOf(Object key, int n) {
        if (key == null) {
            return 0;
        }
        int h = key.hashCode();
        h ^= h >>> 16;
        return Math.floorMod(h, n);
    }
}
