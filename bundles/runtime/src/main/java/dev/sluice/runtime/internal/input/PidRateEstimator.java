package dev.sluice.runtime.internal.input;

import java.util.OptionalDouble;

/**
 * Estimates, from each completed batch, the rate at which a stream can take records so that
 * batches finish within the interval: a PID controller whose error is the gap between the rate
 * records were received at and the rate they can be processed at, with the scheduling delay (the
 * backlog) as its integral term. It aims at batches that take {@code targetUtilization} of the
 * interval rather than all of it: receiving competes with processing for the same cores, and a
 * stream run at its very limit lets every hiccup push a batch over the interval.
 */
public final class PidRateEstimator {

    private final double batchSeconds;
    private final double proportional;
    private final double integral;
    private final double derivative;
    private final double minRate;
    private final double targetUtilization;

    private boolean firstRun = true;
    private long latestTime = -1;
    private double latestRate = -1;
    private double latestError = -1;

    public PidRateEstimator(long batchIntervalMillis, double proportional, double integral, double derivative,
                            double minRate, double targetUtilization) {
        if (batchIntervalMillis <= 0 || proportional < 0 || integral < 0 || derivative < 0 || minRate <= 0
                || targetUtilization <= 0 || targetUtilization > 1) {
            throw new IllegalArgumentException("a rate estimator needs a positive batch interval and minimum rate,"
                    + " non-negative gains and a target utilization in (0, 1]");
        }
        this.targetUtilization = targetUtilization;
        this.batchSeconds = batchIntervalMillis / 1000.0;
        this.proportional = proportional;
        this.integral = integral;
        this.derivative = derivative;
        this.minRate = minRate;
    }

    /**
     * The new rate in records per second after the batch at {@code timeMillis}, or empty when the
     * batch says nothing (no records, no processing time, or not newer than the last one).
     */
    public synchronized OptionalDouble compute(long timeMillis, long records, long processingDelayMillis,
                                               long schedulingDelayMillis) {
        if (timeMillis <= latestTime || records <= 0 || processingDelayMillis <= 0) {
            return OptionalDouble.empty();
        }
        // the rate at which batches would take targetUtilization of their processing time so far
        double processingRate = records * 1000.0 / processingDelayMillis * targetUtilization;
        if (firstRun) {
            latestTime = timeMillis;
            latestRate = processingRate;
            latestError = 0;
            firstRun = false;
            return OptionalDouble.empty();
        }
        double sinceLast = (timeMillis - latestTime) / 1000.0;
        double error = latestRate - processingRate;
        // records waiting in the backlog, spread over one batch, as a rate
        double historicalError = schedulingDelayMillis / 1000.0 * processingRate / batchSeconds;
        double errorChange = (error - latestError) / sinceLast;
        double newRate = Math.max(minRate,
                latestRate - proportional * error - integral * historicalError - derivative * errorChange);
        latestTime = timeMillis;
        latestRate = newRate;
        latestError = error;
        return OptionalDouble.of(newRate);
    }
}
