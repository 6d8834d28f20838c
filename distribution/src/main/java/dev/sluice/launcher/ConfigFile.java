package dev.sluice.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code etc/config.properties}: framework properties, with {@code ${name}} replaced by another
 * property of the file or by a value the launcher knows (such as {@code sluice.home}).
 */
final class ConfigFile {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

    private ConfigFile() {
    }

    static Map<String, String> load(Path file, UnaryOperator<String> known) throws IOException {
        var raw = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            raw.load(in);
        }
        var values = new LinkedHashMap<String, String>();
        raw.stringPropertyNames().stream().sorted().forEach(k -> values.put(k, raw.getProperty(k).strip()));
        return substitute(values, known, file.getFileName().toString());
    }

    static Map<String, String> substitute(Map<String, String> values, UnaryOperator<String> known, String source) {
        var result = new LinkedHashMap<String, String>();
        values.forEach((key, value) -> result.put(key, resolve(key, value, values, known, source, 0)));
        return result;
    }

    private static String resolve(String key, String value, Map<String, String> values, UnaryOperator<String> known,
                                  String source, int depth) {
        if (depth > 10) {
            throw new IllegalArgumentException(source + ": " + key + " refers to itself through ${...}");
        }
        Matcher m = VARIABLE.matcher(value);
        var out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement = known.apply(name);
            if (replacement == null && values.containsKey(name)) {
                replacement = resolve(name, values.get(name), values, known, source, depth + 1);
            }
            if (replacement == null) {
                throw new IllegalArgumentException(source + ": " + key + " uses ${" + name + "}, which is not defined");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
