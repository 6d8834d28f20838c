package dev.sluice.shell.internal;

import java.util.Locale;
import java.util.regex.Pattern;
import dev.sluice.api.spi.Parameter;

/**
 * One key an application takes, as {@code stream:info} shows it. {@link Parameter} has no type,
 * so the type is read from the default value (a duration, a size, a number, a switch), or else
 * from the description's example ("e.g. 1s"); what shows neither is text.
 */
record KeyHelp(String key, String type, String defaultValue, String description) {

    private static final Pattern DURATION = Pattern.compile("\\d+(?:ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("\\d+[kmgKMG]");
    private static final Pattern MEMORY = Pattern.compile("(?i)memory|bytes|size");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?");
    private static final Pattern EXAMPLE = Pattern.compile("e\\.g\\. (\\S+?)[,)\\s]");

    static KeyHelp of(Parameter p) {
        String description = p.description() == null ? "" : p.description();
        return new KeyHelp(p.key(), typeOf(p.defaultValue(), description), p.defaultValue(), description);
    }

    private static String typeOf(String defaultValue, String description) {
        String sample = defaultValue;
        if (sample == null || sample.isBlank()) {
            var example = EXAMPLE.matcher(description + " ");
            sample = example.find() ? example.group(1) : "";
        }
        String s = sample.strip().toLowerCase(Locale.ROOT);
        // 512m is a size where memory is meant, two minutes elsewhere
        if (SIZE.matcher(s).matches() && MEMORY.matcher(description).find()) {
            return "size";
        }
        if (DURATION.matcher(s).matches()) {
            return "duration";
        }
        if (NUMBER.matcher(s).matches()) {
            return "number";
        }
        if (s.equals("true") || s.equals("false")) {
            return "true/false";
        }
        return "text";
    }
}
