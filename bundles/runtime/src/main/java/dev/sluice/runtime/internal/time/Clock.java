package dev.sluice.runtime.internal.time;

/** Where the runtime reads time: the system clock in production, a {@link ManualClock} in tests. */
public interface Clock {

    long millis();

    /** Blocks until {@link #millis()} reaches {@code target}. */
    void sleepUntil(long target) throws InterruptedException;
}
