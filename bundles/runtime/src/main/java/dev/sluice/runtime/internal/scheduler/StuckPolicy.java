package dev.sluice.runtime.internal.scheduler;

import dev.sluice.api.Config;
import dev.sluice.runtime.internal.settings.ContextSettings;
import java.time.Duration;
import java.util.Locale;

/**
 * When a running batch counts as stuck ({@code batch.stuckAfter} batch intervals) and what is done
 * about it ({@code batch.onStuck}): wait (report it only), fail the batch, or stop the stream.
 */
public record StuckPolicy(long afterMillis, Action action) {

    public enum Action { WAIT, FAIL, STOP }

    public static StuckPolicy of(Config config, Duration batchInterval) {
        long after = batchInterval.toMillis() * ContextSettings.BATCH_STUCK_AFTER.get(config);
        var action = Action.valueOf(ContextSettings.BATCH_ON_STUCK.get(config).toUpperCase(Locale.ROOT));
        return new StuckPolicy(after, action);
    }

    /** The key and its value, as the log and the status name it. */
    String describe() {
        return "batch.onStuck=" + action.name().toLowerCase(Locale.ROOT);
    }
}
