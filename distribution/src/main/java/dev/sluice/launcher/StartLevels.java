package dev.sluice.launcher;

import java.util.Map;

/**
 * The start level of each bundle, from {@code sluice.startlevel.<symbolic name>} in
 * {@code etc/config.properties}; other bundles get the framework's initial bundle start level.
 */
final class StartLevels {

    static final String PREFIX = "sluice.startlevel.";
    static final String DEFAULT = "felix.startlevel.bundle";

    private final Map<String, String> config;

    StartLevels(Map<String, String> config) {
        this.config = config;
    }

    int of(String symbolicName) {
        String key = symbolicName == null ? null : PREFIX + symbolicName;
        String level = key != null && config.containsKey(key) ? config.get(key) : config.getOrDefault(DEFAULT, "1");
        try {
            return Integer.parseInt(level.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("config.properties: the start level of " + symbolicName
                    + " must be a whole number, got '" + level + "'");
        }
    }
}
