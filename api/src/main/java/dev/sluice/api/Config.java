package dev.sluice.api;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Immutable {@code key=value} settings with typed getters: application arguments
 * ({@code stream:start app port=9999 batch=500ms}) and plugin configuration alike.
 * A value that does not parse is reported with its key and the expected form. Besides text, a
 * config can carry objects that an application hands to a plugin in the same process, such as a
 * record decoder or the class of a record reader ({@link #withObject}).
 */
public final class Config {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmg])?i?b?");
    private static final Config EMPTY = new Config(Map.of(), Map.of());

    private final Map<String, String> values;
    private final Map<String, Object> objects;

    private Config(Map<String, String> values, Map<String, Object> objects) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.objects = Collections.unmodifiableMap(new LinkedHashMap<>(objects));
    }

    private Config(Map<String, String> values) {
        this(values, Map.of());
    }

    public static Config empty() {
        return EMPTY;
    }

    public static Config of(Map<String, ?> values) {
        var m = new LinkedHashMap<String, String>();
        values.forEach((k, v) -> m.put(k, String.valueOf(v)));
        return new Config(m);
    }

    public static Config of(String key, Object value) {
        return of(Map.of(key, value));
    }

    /** Parses {@code key=value} words, as typed after {@code stream:start <app>}. */
    public static Config parse(List<String> words) {
        var m = new LinkedHashMap<String, String>();
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("argument '" + w + "' is not of the form key=value");
            }
            m.put(w.substring(0, eq).trim(), w.substring(eq + 1).trim());
        }
        return new Config(m);
    }

    /** This config with {@code other}'s values added, {@code other} winning on equal keys. */
    public Config with(Config other) {
        var m = new LinkedHashMap<>(values);
        m.putAll(other.values);
        var o = new LinkedHashMap<>(objects);
        o.putAll(other.objects);
        return new Config(m, o);
    }

    /** This config with an object under {@code key}, e.g. a decoder function for a source plugin. */
    public Config withObject(String key, Object value) {
        var o = new LinkedHashMap<>(objects);
        o.put(key, Objects.requireNonNull(value, key));
        return new Config(values, o);
    }

    /** The object under {@code key}, if there is one. */
    public <T> Optional<T> object(String key, Class<T> type) {
        Object o = objects.get(key);
        if (o != null && !type.isInstance(o)) {
            throw new ConfigException(key + " must be a " + type.getName() + ", got a " + o.getClass().getName());
        }
        return Optional.ofNullable(type.cast(o));
    }

    public Config with(String key, Object value) {
        return with(of(key, value));
    }

    /** This config without the value or object under {@code key}. */
    public Config without(String key) {
        var m = new LinkedHashMap<>(values);
        m.remove(key);
        var o = new LinkedHashMap<>(objects);
        o.remove(key);
        return new Config(m, o);
    }

    public Map<String, String> asMap() {
        return values;
    }

    /** Whether there is a text value or an object under {@code key}. */
    public boolean has(String key) {
        return values.containsKey(key) || objects.containsKey(key);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public String string(String key, String defaultValue) {
        return values.getOrDefault(key, defaultValue);
    }

    public String string(String key) {
        return get(key).orElseThrow(() -> new ConfigException("missing required setting '" + key + "'"));
    }

    public int integer(String key, int defaultValue) {
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a whole number, got '" + v + "'");
        }
    }

    public boolean bool(String key, boolean defaultValue) {
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new ConfigException(key + " must be true or false, got '" + v + "'");
        };
    }

    /** A duration such as {@code 500ms}, {@code 1s}, {@code 2m}, {@code 1h}; a bare number is milliseconds. */
    public Duration duration(String key, Duration defaultValue) {
        String v = values.get(key);
        return v == null ? defaultValue : parseDuration(key, v);
    }

    /** A byte size such as {@code 65536}, {@code 64k}, {@code 1m}, {@code 1MiB}. */
    public long size(String key, long defaultValue) {
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        Matcher m = SIZE.matcher(v.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new ConfigException(key + " must be a size such as 65536, 64k or 1m, got '" + v + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2);
        int shift = unit == null ? 0 : switch (unit) {
            case "k" -> 10;
            case "m" -> 20;
            default -> 30;
        };
        return n << shift;
    }

    public static Duration parseDuration(String key, String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new ConfigException(key + " must be a duration such as 500ms, 1s or 2m, got '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Config c && c.values.equals(values) && c.objects.equals(objects);
    }

    @Override
    public int hashCode() {
        return values.hashCode() * 31 + objects.hashCode();
    }

    @Override
    public String toString() {
        if (objects.isEmpty()) {
            return values.toString();
        }
        var shown = new LinkedHashMap<String, Object>(values);
        objects.forEach((k, v) -> shown.put(k, v instanceof Class<?> c ? c.getName() : v.getClass().getName()));
        return shown.toString();
    }
}
