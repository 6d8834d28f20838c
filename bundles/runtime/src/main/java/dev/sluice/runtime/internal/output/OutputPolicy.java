package dev.sluice.runtime.internal.output;

import dev.sluice.runtime.internal.settings.ContextSettings;
import dev.sluice.api.Config;
import java.time.Duration;

/**
 * What a sink output does when writing a batch fails: retry up to {@code output.retries} times,
 * waiting {@code output.retryBackoff} (doubling, at most a minute) in between, then either stop the
 * stream ({@code output.onFailure=stop}, the default: the reason shows in its status) or skip that
 * batch's output ({@code skip}). The batch's data is kept until then, since the batch is not done.
 */
public record OutputPolicy(int retries, Duration backoff, boolean stopOnFailure) {

    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    public static OutputPolicy from(Config config) {
        return new OutputPolicy(ContextSettings.OUTPUT_RETRIES.get(config),
                ContextSettings.OUTPUT_RETRY_BACKOFF.get(config),
                ContextSettings.OUTPUT_ON_FAILURE.get(config).equals("stop"));
    }

    /** The wait before retry number {@code attempt} (0 for the first retry). */
    public Duration delay(int attempt) {
        long millis = backoff.toMillis() << Math.min(attempt, 20);
        return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
    }
}
