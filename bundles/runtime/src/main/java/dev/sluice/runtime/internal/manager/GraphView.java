package dev.sluice.runtime.internal.manager;

import java.util.ArrayList;
import java.util.List;
import dev.sluice.api.management.StreamGraph;
import dev.sluice.runtime.internal.graph.DStreamGraph;
import dev.sluice.runtime.internal.graph.DStreamNode;
import dev.sluice.runtime.internal.graph.InputNode;
import dev.sluice.runtime.internal.graph.OperatorStageRef;
import dev.sluice.runtime.internal.graph.OutputNode;
import dev.sluice.runtime.internal.plugin.PluginRef;

/**
 * A stream's DStream graph as the management API shows it: streams by id and name with their
 * plugins and figures in the latest measured batch, outputs in job order. Streams are measured
 * only while someone looks at their graph.
 */
final class GraphView {

    private GraphView() {
    }

    /** Batches measured after each look at a graph: a page that asks every second keeps them all measured. */
    static final int MEASURED_BATCHES = 100;

    /** The graph as it is, with the figures of its latest measured batch; it measures the next {@value #MEASURED_BATCHES}. */
    static StreamGraph of(String application, DStreamGraph graph) {
        graph.measureNextBatches(MEASURED_BATCHES);
        var streams = new ArrayList<StreamGraph.Stream>();
        for (DStreamNode<?> node : graph.nodes()) {
            List<Integer> parents = node.dependencies().stream().map(DStreamNode::id).toList();
            var source = node instanceof InputNode<?> input ? input.requiredPlugin().map(PluginRef::type)
                    : java.util.Optional.<String>empty();
            streams.add(new StreamGraph.Stream(node.id(), node.name(), node.operator(), parents, source,
                    node.stage().map(OperatorStageRef::name), node.stage().map(s -> s.plugin().type()),
                    node.lastFigures()));
        }
        var outputs = new ArrayList<StreamGraph.Output>();
        List<OutputNode<?>> all = graph.outputs();
        for (int i = 0; i < all.size(); i++) {
            OutputNode<?> output = all.get(i);
            outputs.add(new StreamGraph.Output(i, output.description(), output.parent().id(),
                    output.action().requiredPlugin().map(PluginRef::type)));
        }
        return new StreamGraph(application, streams, outputs);
    }
}
