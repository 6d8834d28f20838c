package dev.sluice.runtime.internal.input;

import java.time.Duration;

/** Restart delays that double from {@code initial} up to {@code max}, and start over after a good run. */
final class Backoff {

    private final long initial;
    private final long max;
    private long next;

    Backoff(Duration initial, Duration max) {
        this.initial = initial.toMillis();
        this.max = Math.max(this.initial, max.toMillis());
        this.next = this.initial;
    }

    long nextDelay() {
        long d = next;
        next = Math.min(max, next * 2);
        return d;
    }

    void reset() {
        next = initial;
    }

    long max() {
        return max;
    }
}
