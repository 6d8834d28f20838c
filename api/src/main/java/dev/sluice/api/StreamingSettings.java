package dev.sluice.api;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@link StreamingContext} is made from: the application name, the batch interval,
 * the parallelism (the spec's {@code local[N]}) and further settings such as {@code blockInterval}.
 */
public record StreamingSettings(String appName, Duration batchInterval, int parallelism, Config config) {

    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\d+|\\*)])?");

    public StreamingSettings {
        if (appName == null || appName.isBlank()) {
            throw new ConfigException("the application name must not be empty");
        }
        if (batchInterval == null || batchInterval.toMillis() <= 0) {
            throw new ConfigException("the batch interval must be at least 1 ms, got " + batchInterval);
        }
        if (parallelism < 1) {
            throw new ConfigException("parallelism must be at least 1, got " + parallelism);
        }
        config = config == null ? Config.empty() : config;
    }

    public static StreamingSettings of(String master, String appName, Duration batchInterval) {
        return new StreamingSettings(appName, batchInterval, parseMaster(master), Config.empty());
    }

    public StreamingSettings with(String key, Object value) {
        return new StreamingSettings(appName, batchInterval, parallelism, config.with(key, value));
    }

    /** {@code local} is one worker thread, {@code local[N]} N threads, {@code local[*]} one per core. */
    public static int parseMaster(String master) {
        Matcher m = LOCAL.matcher(master == null ? "" : master.trim());
        if (!m.matches()) {
            throw new ConfigException("master must be local, local[N] or local[*], got '" + master + "'");
        }
        String n = m.group(1);
        if (n == null) {
            return 1;
        }
        return n.equals("*") ? Runtime.getRuntime().availableProcessors() : Math.max(1, Integer.parseInt(n));
    }
}
