package dev.sluice.api.spi;

import dev.sluice.api.Time;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An input the runtime asks once per batch for what became available in that batch, such as the
 * files that appeared in a directory, instead of a receiver pushing records. Nothing runs between
 * batches: {@link #poll} lists the batch's data as splits on the scheduler's thread, and the
 * workers read the splits when the batch runs.
 */
@ConsumerType
public interface BatchSource<T> {

    /** Called once before the first poll: e.g. note the files already there, to leave them out. */
    void start(BatchSourceContext context) throws Exception;

    /**
     * The data of the batch at {@code batchTime}: what became available after the previous batch's
     * time and up to this one. Called once per batch time, in increasing order; it should list,
     * not read. A failure fails this batch only; the next poll goes on from where this one began.
     */
    List<InputSplit<T>> poll(Time batchTime) throws Exception;

    /**
     * What this source has taken so far and for which batch, e.g. the files already read and the
     * batch that read each, as of the last {@link #poll}. The runtime keeps it in its checkpoints
     * and, after a crash, hands it to {@link #restore}. The default, null, keeps nothing: after a
     * restart the source starts afresh.
     */
    default byte[] progress() {
        return null;
    }

    /**
     * Continues from a {@link #progress} of an earlier run instead of from nothing: called after
     * {@link #start} and before the first {@link #poll}. The polls that follow may begin with
     * batches the earlier run had polled (recovery computes them again): each must get exactly the
     * data it got then, whatever arrived since. Polls of later batches go on as usual.
     */
    default void restore(byte[] progress) throws Exception {
    }

    /**
     * Every output operation of the batch at {@code batchTime} has run (each written, or failed and
     * given up): e.g. to tell the upstream system how far the stream has got. Called on the
     * scheduler's thread, once per batch, in batch order; never for a batch recomputed at recovery
     * without its outputs.
     */
    default void batchCompleted(Time batchTime) {
    }

    /**
     * No kept checkpoint replays the batches at or before {@code horizon} any more: what only they
     * need for {@link #restore} (e.g. the data each of them took) may be left out of
     * {@link #progress} from now on.
     */
    default void forget(Time horizon) {
    }

    /** Releases what {@link #start} acquired. */
    default void stop() {
    }

    /** A short description for status and logs, e.g. {@code files in hdfs://nn/logs}. */
    default String description() {
        return getClass().getSimpleName();
    }
}
