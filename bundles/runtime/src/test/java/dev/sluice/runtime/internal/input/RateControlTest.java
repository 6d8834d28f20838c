package dev.sluice.runtime.internal.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateControlTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void theLimiterSpacesRecordsToItsRate() {
        var limiter = new RateLimiter(1000);
        long t = 5 * SECOND;

        assertThat(limiter.reserve(500, t)).isZero();
        assertThat(limiter.reserve(500, t)).isEqualTo(SECOND / 2);
        assertThat(limiter.reserve(1, t)).isEqualTo(SECOND);
        // half a second later the backlog is half as long
        assertThat(limiter.reserve(1, t + SECOND / 2)).isEqualTo(SECOND / 2 + SECOND / 1000);
    }

    @Test
    void idleTimeBanksAtMostAShortBurst() {
        var limiter = new RateLimiter(1000);
        limiter.reserve(1, 0);

        // after ten idle seconds only 100 ms of capacity (100 records) is free at once
        long later = 10 * SECOND;
        assertThat(limiter.reserve(100, later)).isZero();
        assertThat(limiter.reserve(1, later)).isZero();
        assertThat(limiter.reserve(1, later)).isEqualTo(SECOND / 1000);
    }

    @Test
    void aNewRateAppliesFromTheNextRecordAndZeroMeansUnlimited() {
        var limiter = new RateLimiter(100);
        limiter.reserve(100, 0);
        limiter.setRate(0);

        assertThat(limiter.reserve(1_000_000, 0)).isZero();
        assertThat(limiter.rate()).isZero();
    }

    @Test
    void theEstimatorHoldsARateTheStreamKeepsUpWith() {
        var pid = new PidRateEstimator(1000, 1.0, 0.2, 0.0, 100, 1.0);
        // 10,000 records per 1 s batch, processed in 500 ms: 20,000 records/s can be processed
        assertThat(pid.compute(1000, 10_000, 500, 0)).isEmpty();

        double rate = pid.compute(2000, 10_000, 500, 0).orElseThrow();

        assertThat(rate).isEqualTo(20_000.0);
        assertThat(pid.compute(3000, 10_000, 500, 0).orElseThrow()).isEqualTo(20_000.0);
    }

    @Test
    void theEstimatorAimsAtBatchesTakingItsTargetShareOfTheInterval() {
        var pid = new PidRateEstimator(1000, 1.0, 0.2, 0.0, 100, 0.8);
        pid.compute(1000, 10_000, 500, 0);

        // 20,000 records/s processed; at 16,000 a batch takes 80% of its second
        assertThat(pid.compute(2000, 10_000, 500, 0).orElseThrow()).isEqualTo(16_000.0);
        assertThatThrownBy(() -> new PidRateEstimator(1000, 1.0, 0.2, 0.0, 100, 1.5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theEstimatorSlowsAnOverloadedStreamBelowWhatItProcessesWhileABacklogRemains() {
        var pid = new PidRateEstimator(1000, 1.0, 0.2, 0.0, 100, 1.0);
        pid.compute(1000, 40_000, 2000, 0);

        // processing 20,000 records/s with a 1 s backlog: below 20,000 to work the backlog off
        double rate = pid.compute(2000, 40_000, 2000, 1000).orElseThrow();

        assertThat(rate).isLessThan(20_000).isGreaterThan(100);
        // a stream that keeps up again is allowed to speed up
        double faster = pid.compute(3000, (long) rate, 250, 0).orElseThrow();
        assertThat(faster).isGreaterThan(rate);
    }

    @Test
    void theEstimatorNeverGoesBelowItsMinimumAndIgnoresEmptyOrOldBatches() {
        var pid = new PidRateEstimator(1000, 1.0, 0.2, 0.0, 100, 1.0);
        pid.compute(1000, 100_000, 100, 0);

        assertThat(pid.compute(2000, 10, 10_000, 60_000).orElseThrow()).isEqualTo(100.0);
        assertThat(pid.compute(3000, 0, 100, 0)).isEmpty();
        assertThat(pid.compute(2000, 10, 10, 0)).isEmpty();
    }

    @Test
    void settingsReadTheCeilingAndBackpressureAndRefuseNegativeRates() {
        var settings = RateSettings.from(Config.of(Map.of("receiver.maxRate", 5000, "backpressure.enabled", true,
                "backpressure.initialRate", 8000)));

        assertThat(settings.startRate()).isEqualTo(5000);
        assertThat(settings.limit(20_000)).isEqualTo(5000);
        assertThat(settings.limit(0)).isEqualTo(5000);
        assertThat(settings.estimator(Duration.ofSeconds(1))).isPresent();
        assertThat(RateSettings.from(Config.empty()).startRate()).isZero();
        assertThat(RateSettings.from(Config.empty()).estimator(Duration.ofSeconds(1))).isEmpty();
        assertThatThrownBy(() -> RateSettings.from(Config.of("receiver.maxRate", -1)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("receiver.maxRate must be");
    }
}
