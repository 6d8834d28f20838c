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

    /**
     * Whether a partition can be computed in pieces apart, on several workers at once: received
     * blocks, and per-element stages over them. A shuffle's map stage cuts them when the partitions
     * alone would leave workers idle (a 100 ms batch has one block).
     */
    public boolean divisible() {
        return false;
    }

    /**
     * Pushes the elements of piece {@code piece} of {@code pieces} of partition {@code p} to
     * {@code out}, in order; the pieces in turn are the partition. Only for a {@link #divisible} one.
     */
    public void compute(int p, int piece, int pieces, Consumer<? super T> out) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " is not divisible");
    }

    /** The datasets this one reads from. */
    public abstract List<Rdd<?>> parents();
}
