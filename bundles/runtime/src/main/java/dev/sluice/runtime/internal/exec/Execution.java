package dev.sluice.runtime.internal.exec;

/** What datasets compute with: the worker pool, and how many partitions a shuffle makes by default. */
public record Execution(WorkerPool pool, int defaultPartitions) {
}
