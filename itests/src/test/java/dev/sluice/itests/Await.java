package dev.sluice.itests;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls a condition until it holds, failing with what was last seen once a generous timeout passes. */
final class Await {

    /** Long enough for a loaded CI machine; a passing run waits a batch or two. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private Await() {
    }

    /** Returns the first value of {@code probe} that {@code done} accepts. */
    static <T> T until(String what, Supplier<T> probe, Predicate<? super T> done) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        T seen = probe.get();
        while (!done.test(seen)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + TIMEOUT.toSeconds() + " s for " + what + "; last seen: " + seen);
            }
            LockSupport.parkNanos(POLL_NANOS);
            seen = probe.get();
        }
        return seen;
    }
}
