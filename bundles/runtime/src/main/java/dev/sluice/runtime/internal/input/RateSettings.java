package dev.sluice.runtime.internal.input;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import java.time.Duration;
import java.util.Optional;

/**
 * How fast receivers may store: a fixed ceiling ({@code receiver.maxRate}, records per second per
 * receiver) and backpressure ({@code backpressure.enabled}), which adapts each receiver's rate to
 * what the batches manage to process, starting from {@code backpressure.initialRate}.
 */
public record RateSettings(double maxRate, boolean backpressure, double initialRate, double minRate) {

    public static final String MAX_RATE = "receiver.maxRate";
    public static final String BACKPRESSURE = "backpressure.enabled";
    public static final String INITIAL_RATE = "backpressure.initialRate";
    public static final String MIN_RATE = "backpressure.minRate";

    /**
     * Backpressure aims at batches that take this share of the interval: measured on two shared
     * cores, where receiving takes a good part of the CPU and single batches vary by half their
     * median, it keeps every batch under the interval at twice the sustainable input rate.
     */
    static final double TARGET_UTILIZATION = 0.5;

    public static final RateSettings UNLIMITED = new RateSettings(0, false, 0, 100);

    public static RateSettings from(Config config) {
        double max = positiveOrZero(config, MAX_RATE);
        double initial = positiveOrZero(config, INITIAL_RATE);
        double min = config.has(MIN_RATE) ? positiveOrZero(config, MIN_RATE) : 100;
        if (min <= 0) {
            throw new ConfigException(MIN_RATE + " must be at least 1 record per second");
        }
        return new RateSettings(max, config.bool(BACKPRESSURE, false), initial, min);
    }

    private static double positiveOrZero(Config config, String key) {
        int v = config.integer(key, 0);
        if (v < 0) {
            throw new ConfigException(key + " must be a number of records per second, 0 for no limit; got " + v);
        }
        return v;
    }

    /** The rate a receiver starts at: the initial backpressure rate, under the ceiling. */
    public double startRate() {
        return limit(backpressure && initialRate > 0 ? initialRate : 0);
    }

    /** {@code rate} under the ceiling; 0 (unlimited) becomes the ceiling. */
    public double limit(double rate) {
        if (maxRate <= 0) {
            return rate;
        }
        return rate <= 0 ? maxRate : Math.min(rate, maxRate);
    }

    /** The estimator for one receiver stream, if backpressure is on. */
    public Optional<PidRateEstimator> estimator(Duration batchInterval) {
        return backpressure
                ? Optional.of(new PidRateEstimator(batchInterval.toMillis(), 1.0, 0.2, 0.0, minRate, TARGET_UTILIZATION))
                : Optional.empty();
    }
}
