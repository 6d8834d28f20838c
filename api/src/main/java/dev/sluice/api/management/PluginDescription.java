package dev.sluice.api.management;

/** An installed plugin: {@code source} or {@code sink}, its type, and the bundle that provides it. */
public record PluginDescription(String kind, String type, String provider) {
}
