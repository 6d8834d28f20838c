package dev.sluice.runtime.internal.scheduler;

import dev.sluice.api.Time;

/** What the scheduler's event loop reacts to. */
sealed interface SchedulerEvent {

    /** The clock reached a batch time. */
    record GenerateJobs(Time time) implements SchedulerEvent {
    }

    /** The job thread finished every output operation of a batch. */
    record BatchCompleted(JobSet jobSet) implements SchedulerEvent {
    }

    record Stop() implements SchedulerEvent {
    }
}
