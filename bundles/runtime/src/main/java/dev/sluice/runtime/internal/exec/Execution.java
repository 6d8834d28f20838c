package dev.sluice.runtime.internal.exec;

import dev.sluice.runtime.internal.block.BlockStore;

/**
 * What datasets compute with: the worker pool, how many partitions a shuffle makes by default,
 * and the block store that persisted datasets keep their partitions in.
 */
public record Execution(WorkerPool pool, int defaultPartitions, BlockStore blocks) {
}
