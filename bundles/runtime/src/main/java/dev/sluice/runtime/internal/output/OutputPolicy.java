package dev.sluice.runtime.internal.output;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import java.time.Duration;
import java.util.Locale;

/**
 * What a sink output does when writing a batch fails: retry up to {@code output.retries} times,
 * waiting {@code output.retryBackoff} (doubling, at most a minute) in between, then either stop the
 * stream ({@code output.onFailure=stop}, the default: the reason shows in its status) or skip that
 * batch's output ({@code skip}). The batch's data is kept until then, since the batch is not done.
 */
public record OutputPolicy(int retries, Duration backoff, boolean stopOnFailure) {

    public static final String RETRIES = "output.retries";
    public static final String RETRY_BACKOFF = "output.retryBackoff";
    public static final String ON_FAILURE = "output.onFailure";

    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    public static OutputPolicy from(Config config) {
        int retries = config.integer(RETRIES, 3);
        if (retries < 0) {
            throw new ConfigException(RETRIES + " must be 0 or more, got " + retries);
        }
        String onFailure = config.string(ON_FAILURE, "stop").trim().toLowerCase(Locale.ROOT);
        if (!onFailure.equals("stop") && !onFailure.equals("skip")) {
            throw new ConfigException(ON_FAILURE + " must be stop or skip, got '" + onFailure + "'");
        }
        return new OutputPolicy(retries, config.duration(RETRY_BACKOFF, Duration.ofSeconds(1)),
                onFailure.equals("stop"));
    }

    /** The wait before retry number {@code attempt} (0 for the first retry). */
    public Duration delay(int attempt) {
        long millis = backoff.toMillis() << Math.min(attempt, 20);
        return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
    }
}
