package dev.sluice.web.internal.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.sluice.api.management.PluginDescription;
import dev.sluice.api.management.StreamGraph;

/** A stream's graph for the API: its streams and outputs, each plugin with the bundle that provides it. */
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
            node.put("plugin", plugin("source", s.source(), plugins));
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

    private static Optional<Map<String, Object>> plugin(String kind, Optional<String> type,
                                                        List<PluginDescription> plugins) {
        return type.map(t -> {
            var view = new LinkedHashMap<String, Object>();
            view.put("kind", kind);
            view.put("type", t);
            view.put("provider", plugins.stream().filter(p -> p.kind().equals(kind) && p.type().equals(t))
                    .map(PluginDescription::provider).findFirst());
            return view;
        });
    }
}
