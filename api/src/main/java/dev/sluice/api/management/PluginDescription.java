package dev.sluice.api.management;

import dev.sluice.api.spi.Parameter;
import java.util.List;

/**
 * An installed plugin: {@code source}, {@code operator} or {@code sink}, its type, the bundle that
 * provides it, and what it says of itself (operators: a description and their keys).
 */
public record PluginDescription(String kind, String type, String provider, String description,
                                List<Parameter> parameters) {

    public PluginDescription {
        description = description == null ? "" : description;
        parameters = List.copyOf(parameters);
    }

    /** A plugin that says nothing of itself. */
    public PluginDescription(String kind, String type, String provider) {
        this(kind, type, provider, "", List.of());
    }
}
