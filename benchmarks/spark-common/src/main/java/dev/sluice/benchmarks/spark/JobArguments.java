package dev.sluice.benchmarks.spark;

import java.util.HashMap;
import java.util.Map;

/** The Spark jobs' {@code key=value} arguments, as Sluice's runners take theirs. */
final class JobArguments {

    private final Map<String, String> values = new HashMap<>();

    JobArguments(String[] args) {
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("arguments are key=value, got '" + arg + "'");
            }
            values.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
    }

    String string(String key, String otherwise) {
        return values.getOrDefault(key, otherwise);
    }

    String required(String key, String example) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("missing " + key + "=..., e.g. " + key + "=" + example);
        }
        return value;
    }

    long number(String key, long otherwise) {
        return values.containsKey(key) ? Long.parseLong(values.get(key)) : otherwise;
    }

    boolean has(String key) {
        return values.containsKey(key);
    }
}
