package dev.sluice.web.internal.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.sluice.api.management.PluginDescription;
import dev.sluice.api.management.StageMetrics;
import dev.sluice.api.management.StreamGraph;

/**
 * A stream's graph for the API: its streams and outputs, each plugin with the bundle and version
 * that provides it, and each stream's records and time in the latest completed batch.
 */
final class GraphViews {

    private GraphViews() {
    }

    static Map<String, Object> graph(StreamGraph graph, List<PluginDescription> plugins) {
        var view = new LinkedHashMap<String, Object>();
        view.put("name", graph.application());
        view.put("streams", graph.streams().stream().map(s -> {
            var node = new LinkedHashMap<String, Object>();
            node.put("id", s.id());
            node.put("name", s.name());
            node.put("operator", s.operator());
            node.put("parents", s.parents());
            node.put("plugin", s.source().isPresent() ? plugin("source", s.source(), plugins)
                    : plugin("operator", s.operatorPlugin(), plugins));
            node.put("stage", s.stage());
            node.put("lastBatch", s.lastBatch().map(GraphViews::figures));
            return node;
        }).toList());
        view.put("outputs", graph.outputs().stream().map(o -> {
            var output = new LinkedHashMap<String, Object>();
            output.put("id", o.id());
            output.put("description", o.description());
            output.put("parent", o.parent());
            output.put("plugin", plugin("sink", o.sink(), plugins));
            return output;
        }).toList());
        return view;
    }

    /** Time in milliseconds with microseconds: a stage of a small batch takes well under one. */
    private static Map<String, Object> figures(StageMetrics m) {
        var view = new LinkedHashMap<String, Object>();
        view.put("batchTime", m.batchTime().millis());
        view.put("records", m.records());
        view.put("time", m.time().map(Duration::toNanos).map(n -> Math.round(n / 1000.0) / 1000.0));
        return view;
    }

    private static Optional<Map<String, Object>> plugin(String kind, Optional<String> type,
                                                        List<PluginDescription> plugins) {
        return type.map(t -> {
            var view = new LinkedHashMap<String, Object>();
            view.put("kind", kind);
            view.put("type", t);
            Optional<String> provider = plugins.stream().filter(p -> p.kind().equals(kind) && p.type().equals(t))
                    .map(PluginDescription::provider).findFirst();
            view.put("provider", provider);
            // the provider is "<bundle symbolic name> <version>"
            view.put("bundle", provider.map(p -> p.contains(" ") ? p.substring(0, p.lastIndexOf(' ')) : p));
            view.put("version", provider.filter(p -> p.contains(" ")).map(p -> p.substring(p.lastIndexOf(' ') + 1)));
            return view;
        });
    }
}
