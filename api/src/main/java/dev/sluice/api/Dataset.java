package dev.sluice.api;

import java.util.List;
import java.util.function.Consumer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One batch of a DStream: an immutable, partitioned collection (the spec's RDD).
 * Actions compute it on the worker pool; a dataset is only valid during the output
 * operation or transform function that received it.
 */
@ProviderType
public interface Dataset<T> {

    int numPartitions();

    long count();

    boolean isEmpty();

    /** All elements, partition by partition. */
    List<T> collect();

    /** The first {@code n} elements, computing only as many partitions as needed. */
    List<T> take(int n);

    /** Calls {@code action} for every element; partitions run in parallel. */
    void forEach(Consumer<? super T> action);
}
