package dev.sluice.shell.internal;

import java.time.Duration;
import java.util.Optional;
import dev.sluice.api.Config;
import dev.sluice.api.spi.StreamingApplication;

/** A stream's batch interval: its {@code batch=} argument, else its application's default. */
final class BatchInterval {

    static final String KEY = "batch";

    private BatchInterval() {
    }

    static Optional<Duration> of(Config arguments, Optional<StreamingApplication> application) {
        if (arguments.has(KEY)) {
            try {
                return Optional.of(arguments.duration(KEY, null));
            } catch (RuntimeException e) {
                return Optional.empty(); // the runtime refused it already; no rate then
            }
        }
        return application.map(StreamingApplication::defaultBatchInterval);
    }

    /** As a user types it: {@code 1s}, {@code 500ms}. */
    static String text(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
