package dev.sluice.runtime.internal.settings;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.spi.Parameter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * One context key: its name, type, default, description and the values it accepts. Reading it
 * from a {@link Config} parses and validates, so a bad value is refused with the key and what is
 * valid, wherever it is read.
 *
 * @param defaultValue the default, or null where it is computed when read (then {@code defaultText} says how)
 */
public record Setting<T>(String key, String type, T defaultValue, String defaultText, String description,
                         BiFunction<Config, String, T> parser, Predicate<T> valid, String validText) {

    public static Setting<Duration> duration(String key, Duration defaultValue, String description) {
        return new Setting<>(key, "duration", defaultValue, defaultValue == null ? null : text(defaultValue),
                description, (c, k) -> c.duration(k, null), d -> !d.isNegative() && !d.isZero(),
                "a positive duration such as 500ms, 1s or 2m");
    }

    public static Setting<Integer> integer(String key, Integer defaultValue, int min, String description) {
        return new Setting<>(key, "integer", defaultValue, defaultValue == null ? null : defaultValue.toString(),
                description, (c, k) -> c.integer(k, 0), n -> n >= min, "a whole number of at least " + min);
    }

    public static Setting<Long> size(String key, String description) {
        return new Setting<>(key, "size", null, null, description, (c, k) -> c.size(k, 0), n -> n > 0,
                "a positive size such as 65536, 64k, 512m or 2g");
    }

    public static Setting<Boolean> bool(String key, boolean defaultValue, String description) {
        return new Setting<>(key, "boolean", defaultValue, String.valueOf(defaultValue), description,
                (c, k) -> c.bool(k, false), b -> true, "true or false");
    }

    public static Setting<String> choice(String key, List<String> choices, String description) {
        return new Setting<>(key, String.join(" / ", choices), choices.get(0), choices.get(0), description,
                (c, k) -> c.string(k).trim().toLowerCase(Locale.ROOT), choices::contains,
                "one of " + String.join(", ", choices));
    }

    public static Setting<String> path(String key, String description) {
        return new Setting<>(key, "path", null, null, description, Config::string, s -> true,
                "a path or URI");
    }

    /** Free text, such as a name or a list of servers. */
    public static Setting<String> text(String key, String description) {
        return new Setting<>(key, "text", null, null, description, Config::string, t -> !t.isBlank(),
                "not empty");
    }

    /** The same key with the words that say how its default is computed. */
    public Setting<T> defaultIs(String text) {
        return new Setting<>(key, type, defaultValue, text, description, parser, valid, validText);
    }

    /** The value set in {@code config}, validated; empty when it is not set. */
    public Optional<T> find(Config config) {
        if (config.get(key).isEmpty()) {
            return Optional.empty();
        }
        T value = parser.apply(config, key);
        if (!valid.test(value)) {
            throw new ConfigException(key + " must be " + validText + ", got '" + config.get(key).get() + "'");
        }
        return Optional.of(value);
    }

    /** The value set in {@code config}, or the default. */
    public T get(Config config) {
        if (defaultValue == null) {
            throw new IllegalStateException(key + " has no fixed default; read it with find(config)");
        }
        return find(config).orElse(defaultValue);
    }

    /** As an application parameter: for validation of arguments and for help. */
    public Parameter parameter() {
        return Parameter.of(key, defaultText, description);
    }

    private static String text(Duration d) {
        long ms = d.toMillis();
        return ms % 60_000 == 0 ? ms / 60_000 + "m" : ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
