package dev.sluice.runtime.internal.exec;

import dev.sluice.api.HashPartitioning;
import dev.sluice.api.InvalidGraphException;
import dev.sluice.api.Partitioner;
import dev.sluice.api.SluiceException;

/**
 * An application's partitioner with its answers checked, so that a partition out of range fails
 * its batch with a message naming the partitioner and the key instead of an index error deep in
 * a shuffle. Its number of partitions is read once: it sizes every table of the operator.
 */
public final class CheckedPartitioner implements Partitioner {

    private final Partitioner partitioner;
    private final int numPartitions;

    private CheckedPartitioner(Partitioner partitioner, int numPartitions) {
        this.partitioner = partitioner;
        this.numPartitions = numPartitions;
    }

    /** {@code partitioner}, checked; refused at once if it is null or has no partitions. */
    public static Partitioner of(Partitioner partitioner, String operator) {
        if (partitioner == null) {
            throw new InvalidGraphException(operator + " needs a partitioner, got null; use Partitioner.hash(n)");
        }
        if (partitioner instanceof HashPartitioning || partitioner instanceof CheckedPartitioner) {
            return partitioner;
        }
        int n = partitioner.numPartitions();
        if (n < 1) {
            throw new InvalidGraphException(operator + ": the partitioner " + partitioner
                    + " must have at least 1 partition, got " + n);
        }
        return new CheckedPartitioner(partitioner, n);
    }

    @Override
    public int numPartitions() {
        return numPartitions;
    }

    @Override
    public int partition(Object key) {
        int r = partitioner.partition(key);
        if (r < 0 || r >= numPartitions) {
            throw new SluiceException("the partitioner " + partitioner + " put the key " + key + " in partition " + r
                    + "; it must return a partition in [0, " + numPartitions + ")");
        }
        return r;
    }

    @Override
    public String toString() {
        return partitioner.toString();
    }
}
