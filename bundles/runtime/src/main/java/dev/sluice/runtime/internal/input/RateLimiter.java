package dev.sluice.runtime.internal.input;

import dev.sluice.runtime.internal.serial.LineText;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Paces the records a receiver stores to a rate that may change at any time. The storing thread
 * waits; for a source that cannot be told to slow down, such as a plain socket, that is what reads
 * it more slowly, so the sender's TCP window applies the pressure and nothing accepted is dropped.
 */
final class RateLimiter {

    /** Capacity left unused is kept this long, so a short pause does not cost throughput after it. */
    private static final long BURST_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private volatile double rate;
    private long nextFreeNanos = Long.MIN_VALUE;

    /** @param rate records per second; 0 or less means unlimited */
    RateLimiter(double rate) {
        this.rate = rate;
    }

    double rate() {
        return rate;
    }

    void setRate(double recordsPerSecond) {
        rate = recordsPerSecond;
    }

    /** Takes complete lines {@code text[from, to)} once they fit the rate: each line counts as a record. */
    @FunctionalInterface
    interface LinesTaker {
        void take(byte[] text, int from, int to, int lines);
    }

    /**
     * Paces the complete lines of {@code text[from, to)} like that many records, handing them to
     * {@code taker} in steps of 10 ms of the rate, so they enter blocks in step with it; all at once
     * when there is no limit. Every line is handed on, even once {@code stopped} turns true.
     */
    void acquireLines(byte[] text, int from, int to, BooleanSupplier stopped, LinesTaker taker) {
        int start = from;
        while (start < to) {
            double r = rate;
            int step = r <= 0 ? Integer.MAX_VALUE : (int) Math.max(1, Math.min(Integer.MAX_VALUE, r / 100));
            int end = step == Integer.MAX_VALUE ? to : LineText.skipLines(text, start, to, step);
            int count = end == to ? LineText.countLines(text, start, to) : step;
            acquire(count, stopped);
            taker.take(text, start, end, count);
            start = end;
        }
    }

    /** Waits until {@code n} more records fit the rate, or until {@code stopped} turns true. */
    void acquire(int n, BooleanSupplier stopped) {
        if (rate <= 0) {
            return;
        }
        long deadline = System.nanoTime() + reserve(n, System.nanoTime());
        long wait;
        while ((wait = deadline - System.nanoTime()) > 0 && !stopped.getAsBoolean()) {
            LockSupport.parkNanos(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(100)));
        }
    }

    /** Takes {@code n} records' worth of time at {@code now}; returns how long the caller must wait first. */
    synchronized long reserve(int n, long now) {
        double r = rate;
        if (r <= 0) {
            return 0;
        }
        long earliest = nextFreeNanos == Long.MIN_VALUE ? now : Math.max(nextFreeNanos, now - BURST_NANOS);
        nextFreeNanos = earliest + (long) (n * 1e9 / r);
        return Math.max(0, earliest - now);
    }
}
