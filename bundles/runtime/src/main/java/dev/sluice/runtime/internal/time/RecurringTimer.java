package dev.sluice.runtime.internal.time;

import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls back at {@code start}, {@code start + period}, ... as the clock reaches each time, on a thread of its own. */
public final class RecurringTimer {

    private static final Logger LOG = LoggerFactory.getLogger(RecurringTimer.class);

    private final Clock clock;
    private final long period;
    private final LongConsumer callback;
    private final Thread thread;
    private volatile boolean stopped;
    private long next;

    public RecurringTimer(Clock clock, long period, LongConsumer callback, String name) {
        this.clock = clock;
        this.period = period;
        this.callback = callback;
        this.thread = new Thread(this::loop, name);
        this.thread.setDaemon(true);
    }

    /** Starts ticking; the first tick is at {@code start}. */
    public void start(long start) {
        next = start;
        thread.start();
    }

    private void loop() {
        try {
            while (!stopped) {
                clock.sleepUntil(next);
                if (stopped) {
                    return;
                }
                callback.accept(next);
                next += period;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Timer {} stopped by an unexpected error", thread.getName(), e);
        }
    }

    public void stop() {
        stopped = true;
        thread.interrupt();
    }

    /** The first multiple of {@code period} strictly after {@code now}: batch times align to the interval. */
    public static long nextAligned(long now, long period) {
        return (Math.floorDiv(now, period) + 1) * period;
    }
}
