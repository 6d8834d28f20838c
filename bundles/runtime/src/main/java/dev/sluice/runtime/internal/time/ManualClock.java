package dev.sluice.runtime.internal.time;

/** A clock that moves only when told to, so tests decide exactly when batches fall due. */
public final class ManualClock implements Clock {

    private long now;

    public ManualClock(long start) {
        this.now = start;
    }

    @Override
    public synchronized long millis() {
        return now;
    }

    public synchronized void advance(long millis) {
        now += millis;
        notifyAll();
    }

    public synchronized void setTime(long millis) {
        now = millis;
        notifyAll();
    }

    @Override
    public synchronized void sleepUntil(long target) throws InterruptedException {
        while (now < target) {
            wait();
        }
    }
}
