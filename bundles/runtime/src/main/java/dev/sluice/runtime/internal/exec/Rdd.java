package dev.sluice.runtime.internal.exec;

import java.util.List;
import java.util.function.Consumer;

/**
 * One batch of one DStream as a partitioned, immutable dataset (the spec's RDD). Partitions are
 * computed by pushing elements into a consumer, so a chain of narrow operators runs as one pass
 * per partition. Shuffle boundaries ({@link ShuffledRdd}) are computed as stages before their
 * children's partitions, see {@link WorkerPool#prepare}.
 */
public abstract class Rdd<T> {

    public abstract int numPartitions();

    /** Pushes every element of partition {@code p} to {@code out}, in order. */
    public abstract void compute(int p, Consumer<? super T> out);

    /** The datasets this one reads from. */
    public abstract List<Rdd<?>> parents();
}
