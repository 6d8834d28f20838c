package dev.sluice.runtime.internal.input;

import dev.sluice.runtime.internal.settings.ContextSettings;
import dev.sluice.api.Config;
import java.time.Duration;
import java.util.Optional;

/**
 * How fast receivers may store: a fixed ceiling ({@code receiver.maxRate}, records per second per
 * receiver) and backpressure ({@code backpressure.enabled}), which adapts each receiver's rate to
 * what the batches manage to process, starting from {@code backpressure.initialRate}.
 */
public record RateSettings(double maxRate, boolean backpressure, double initialRate, double minRate) {

    /**
     * Backpressure aims at batches that take this share of the interval: measured on two shared
     * cores, where receiving takes a good part of the CPU and single batches vary by half their
     * median, it keeps every batch under the interval at twice the sustainable input rate.
     */
    static final double TARGET_UTILIZATION = 0.5;

    public static final RateSettings UNLIMITED = new RateSettings(0, false, 0, 100);

    public static RateSettings from(Config config) {
        return new RateSettings(ContextSettings.MAX_RATE.get(config), ContextSettings.BACKPRESSURE.get(config),
                ContextSettings.INITIAL_RATE.get(config), ContextSettings.MIN_RATE.get(config));
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
