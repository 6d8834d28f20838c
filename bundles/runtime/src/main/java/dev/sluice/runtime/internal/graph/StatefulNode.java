package dev.sluice.runtime.internal.graph;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.Execution;

/**
 * A stream whose every batch depends on all batches before it (state, an incremental window): it
 * cannot be recomputed from its inputs alone, so its state is written to checkpoints and read
 * back on recovery, bound to its {@link DStreamNode#name()}.
 */
public interface StatefulNode {

    String name();

    /** The kind of operator, e.g. {@code updateStateByKey}: state is only restored into the same kind. */
    String operator();

    /** How often its state is written: set by the user, or a multiple of the slide of at least 10 s. */
    Duration checkpointInterval();

    Duration slideDuration();

    /** How far back the streams reading this one read its batches (see {@link DStreamNode#rememberedForDependents()}). */
    Duration rememberedForDependents();

    /**
     * The batch time the state restored for a recovery to {@code lastCompleted} may be at most:
     * the windows reading this stream find every batch they read computed again after it.
     */
    default dev.sluice.api.Time latestUsableState(dev.sluice.api.Time lastCompleted) {
        return lastCompleted.minus(rememberedForDependents());
    }

    /**
     * Makes the state after batch {@code time} ready to be written, computing it if no output did;
     * returns its number of partitions (0: no state at that batch). Runs on the job thread between
     * batches, so the state cannot change until it is written.
     */
    int prepareSnapshot(Time time, Execution execution);

    /** Hands every record of partition {@code partition} of the prepared state to {@code out}; partitions in parallel. */
    void snapshot(Time time, int partition, Consumer<Object> out);

    /**
     * How {@link #snapshot} lays its records out: {@code stride} records per entry, the entry's
     * state value at {@code valueAt} (the rest are its key and bookkeeping).
     */
    record Layout(int stride, int valueAt) {
    }

    Layout layout();

    /** {@code records} as {@link #snapshot} wrote them, each state value replaced by {@code migrate}'s. */
    default List<Object> migrateValues(List<Object> records, java.util.function.UnaryOperator<Object> migrate) {
        Layout layout = layout();
        var migrated = new java.util.ArrayList<>(records);
        for (int i = layout.valueAt(); i < migrated.size(); i += layout.stride()) {
            migrated.set(i, migrate.apply(migrated.get(i)));
        }
        return migrated;
    }

    /** Makes {@code records}, as written by {@link #snapshot}, the state after batch {@code time}. */
    void restore(Time time, List<Object> records);
}
