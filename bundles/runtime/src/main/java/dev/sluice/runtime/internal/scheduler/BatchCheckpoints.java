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

    /**
     * The batch's outputs are about to run: returns once a checkpoint records the batch as
     * generated with what its inputs took for it, when they took anything a recovery must give it
     * again. A crash during the outputs then recovers the batch with the same data, which outputs
     * that recognise and skip a batch they already wrote (the Kafka sink) rely on. On the job thread.
     */
    default void beforeOutputs(Time time) {
    }

    /** The batch's outputs ran: state due at this batch is written now, before the next batch changes it. On the job thread. */
    default void processed(Time time) {
    }

    /** The batch is complete and its data released. On the scheduler's thread. */
    default void completed(Time time) {
    }
}
