package dev.sluice.api;

import java.time.Duration;

/** A batch time in milliseconds since the epoch; prints as the spec does, {@code 1357008430000 ms}. */
public record Time(long millis) implements Comparable<Time> {

    public static Time of(long millis) {
        return new Time(millis);
    }

    public Time plus(Duration d) {
        return new Time(millis + d.toMillis());
    }

    public Time minus(Duration d) {
        return new Time(millis - d.toMillis());
    }

    public boolean isBefore(Time other) {
        return millis < other.millis;
    }

    public boolean isAfter(Time other) {
        return millis > other.millis;
    }

    @Override
    public int compareTo(Time o) {
        return Long.compare(millis, o.millis);
    }

    @Override
    public String toString() {
        return millis + " ms";
    }
}
