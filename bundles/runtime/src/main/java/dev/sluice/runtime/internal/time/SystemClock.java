package dev.sluice.runtime.internal.time;

/** Wall-clock time. */
public final class SystemClock implements Clock {

    public static final SystemClock INSTANCE = new SystemClock();

    private SystemClock() {
    }

    @Override
    public long millis() {
        return System.currentTimeMillis();
    }

    @Override
    public void sleepUntil(long target) throws InterruptedException {
        long wait;
        while ((wait = target - millis()) > 0) {
            Thread.sleep(wait);
        }
    }
}
