package dev.sluice.runtime.internal.exec;

/** A dataset whose partitions need a map stage over its parents first (a shuffle boundary). */
public interface ShuffleStage {

    /** Runs the map stage on {@code pool}, once however often it is called. */
    void runMapStage(WorkerPool pool);
}
