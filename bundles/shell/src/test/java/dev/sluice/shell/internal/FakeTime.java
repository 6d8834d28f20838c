package dev.sluice.shell.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves only when something pauses on it, so waiting loops run instantly in tests. */
final class FakeTime extends Clock implements Pause {

    private Instant now = Instant.parse("2013-01-01T00:00:00Z");
    int pauses;
    Runnable onPause = () -> { };

    @Override
    public void pause(Duration duration) {
        pauses++;
        now = now.plus(duration);
        onPause.run();
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
