package dev.sluice.itests.cli;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds, failing with what was last seen once a generous timeout passes. */
final class Await {

    /** Long enough for a loaded 2-core machine starting a container. */
    static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Duration POLL = Duration.ofMillis(50);

    private Await() {
    }

    static void until(String what, BooleanSupplier done, Supplier<String> seen) {
        until(what, done, seen, POLL);
    }

    static void until(String what, BooleanSupplier done, Supplier<String> seen, Duration every) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + TIMEOUT.toSeconds() + " s for " + what + "; last seen: "
                        + seen.get());
            }
            LockSupport.parkNanos(every.toNanos());
        }
    }
}
