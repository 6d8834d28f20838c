package dev.sluice.launcher;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Registered in the container as {@code IntConsumer} with {@code sluice.launcher=exit}: the shell
 * bundle hands it the exit status of {@code run} or {@code exec}; the first status counts, and the
 * framework is stopped on a thread of its own so the caller (a bundle being stopped) is not blocked.
 */
final class ExitService implements IntConsumer {

    static final String PROPERTY = "sluice.launcher";
    static final String VALUE = "exit";

    private static final int NONE = Integer.MIN_VALUE;

    private final AtomicInteger status = new AtomicInteger(NONE);
    private final Runnable stopFramework;

    ExitService(Runnable stopFramework) {
        this.stopFramework = stopFramework;
    }

    @Override
    public void accept(int exitStatus) {
        if (status.compareAndSet(NONE, exitStatus)) {
            var stopper = new Thread(stopFramework, "sluice-exit");
            stopper.setDaemon(true);
            stopper.start();
        }
    }

    /** The status handed over, or {@code otherwise} if none was (the shell's user stopped the framework). */
    int status(int otherwise) {
        int s = status.get();
        return s == NONE ? otherwise : s;
    }
}
