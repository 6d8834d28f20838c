package dev.sluice.itests.recovery;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds, failing with what was last seen once a generous timeout passes. */
final class Await {

    /** Long enough for a loaded 2-core machine starting a container and re-running a dozen batches. */
    static final Duration TIMEOUT = Duration.ofSeconds(90);
    static final Duration POLL = Duration.ofMillis(20);

    private Await() {
    }

    /**
     * Waits for {@code done}; {@code alive} is checked first each round, so a condition that can no
     * longer come true (the process died) fails at once with {@code seen}.
     */
    static void until(String what, Duration every, BooleanSupplier alive, BooleanSupplier done, Supplier<String> seen) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        long pause = every.toNanos();
        while (!done.getAsBoolean()) {
            if (!alive.getAsBoolean()) {
                throw new AssertionError("gave up waiting for " + what + ": " + seen.get());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + TIMEOUT.toSeconds() + " s for " + what + "; last seen: "
                        + seen.get());
            }
            LockSupport.parkNanos(pause);
        }
    }

    static void until(String what, BooleanSupplier done, Supplier<String> seen) {
        until(what, POLL, () -> true, done, seen);
    }

    /** For a scenario whose point is time passing with the process down, not for waiting on a condition. */
    static void pause(Duration duration) {
        try {
            TimeUnit.NANOSECONDS.sleep(duration.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
