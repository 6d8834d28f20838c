package dev.sluice.benchmarks;

/**
 * How many records a connection should have been sent after some time: {@code warmRate} per second
 * during the warm-up, then {@code rate}. Warming up below the measured rate lets the engine's JIT
 * compile its hot paths without first building a backlog that the measured window would inherit.
 */
record RateSchedule(long warmRate, long warmNanos, long rate) {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    RateSchedule {
        if (rate < 1 || warmRate < 1 || warmNanos < 0) {
            throw new IllegalArgumentException("rates must be positive and the warm-up not negative");
        }
    }

    /** Records due {@code elapsedNanos} after the connection was accepted. */
    long due(long elapsedNanos) {
        if (elapsedNanos <= warmNanos) {
            return scale(elapsedNanos, warmRate);
        }
        return scale(warmNanos, warmRate) + scale(elapsedNanos - warmNanos, rate);
    }

    /** The rate in force {@code elapsedNanos} after the connection was accepted. */
    long rateAt(long elapsedNanos) {
        return elapsedNanos < warmNanos ? warmRate : rate;
    }

    private static long scale(long nanos, long perSecond) {
        // split so that hours at millions of records per second cannot overflow
        return nanos / NANOS_PER_SECOND * perSecond + nanos % NANOS_PER_SECOND * perSecond / NANOS_PER_SECOND;
    }
}
