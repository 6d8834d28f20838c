package dev.sluice.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Which partition each key of a keyed operation goes to, for operations that take one instead of
 * a number of partitions. Equal keys must always go to the same partition: stateful operators
 * (state, incremental windows) keep each key's state in the partition it names, batch after
 * batch and across restarts.
 */
@ConsumerType
public interface Partitioner {

    /** How many partitions the keys are spread over; at least 1. */
    int numPartitions();

    /** The partition of {@code key} (which may be null), in [0, {@link #numPartitions()}). */
    int partition(Object key);

    /** Keys spread by their hash code, as the operations that take a number of partitions do. */
    static Partitioner hash(int numPartitions) {
        return new HashPartitioning(numPartitions);
    }
}
