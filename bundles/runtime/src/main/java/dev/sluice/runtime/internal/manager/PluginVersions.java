package dev.sluice.runtime.internal.manager;

import dev.sluice.api.Time;
import dev.sluice.runtime.internal.plugin.PluginRef;
import dev.sluice.runtime.internal.plugin.Plugins;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What serves each part of a running stream (its application, each plugin it uses), and what an upgrade changed. */
record PluginVersions(Map<String, String> byPart) {

    static final String APPLICATION = "application";

    static PluginVersions none() {
        return new PluginVersions(Map.of());
    }

    static PluginVersions of(String application, Collection<PluginRef> refs, Plugins plugins) {
        var parts = new TreeMap<String, String>();
        parts.put(APPLICATION, application);
        refs.forEach(r -> parts.put(r.kind() + " " + r.type(), plugins.origin(r).orElse("unknown")));
        return new PluginVersions(parts);
    }

    /** One line per part that {@code next} serves from elsewhere, e.g. {@code upgraded operator redact from ... at batch T}. */
    List<String> upgradesTo(PluginVersions next, Time firstBatch) {
        var lines = new ArrayList<String>();
        next.byPart().forEach((part, origin) -> {
            String was = byPart.get(part);
            if (was != null && !was.equals(origin)) {
                lines.add("upgraded " + part + " from " + was + " to " + origin + " at batch " + firstBatch);
            }
        });
        if (lines.isEmpty()) {
            lines.add("went on with its new definition at batch " + firstBatch);
        }
        return lines;
    }
}
