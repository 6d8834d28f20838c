package dev.sluice.runtime.internal.scheduler;

import dev.sluice.api.Time;

/** What the scheduler tells checkpointing about each batch. */
public interface BatchCheckpoints {

    /** No checkpoint directory: nothing is written. */
    BatchCheckpoints NONE = new BatchCheckpoints() {
    };

    /** The batch's jobs were generated: it is pending. On the scheduler's thread. */
    default void generated(Time time) {
    }

    /** The batch's outputs ran: state due at this batch is written now, before the next batch changes it. On the job thread. */
    default void processed(Time time) {
    }

    /** The batch is complete and its data released. On the scheduler's thread. */
    default void completed(Time time) {
    }
}
