package dev.sluice.runtime.internal.checkpoint;

import dev.sluice.runtime.internal.graph.DStreamGraph;
import dev.sluice.runtime.internal.graph.StatefulNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether kept state fits a graph, from a checkpoint or from the running version of a stream at a
 * live upgrade: the same batch interval, and for each state a stateful operator of its name and kind.
 */
public record StateFit(List<String> problems, Set<String> unmatched, boolean intervalChanged) {

    /** {@code kinds}: each kept state's operator kind by its stable name. */
    public static StateFit of(Duration interval, Map<String, String> kinds, DStreamGraph graph) {
        var problems = new ArrayList<String>();
        boolean intervalChanged = !interval.equals(graph.batchInterval());
        if (intervalChanged) {
            problems.add("the batch interval was " + interval.toMillis() + " ms and is now "
                    + graph.batchInterval().toMillis() + " ms");
        }
        Map<String, StatefulNode> stateful = new HashMap<>();
        graph.statefulNodes().forEach(n -> stateful.put(n.name(), n));
        var unmatched = new LinkedHashSet<String>();
        kinds.forEach((name, kind) -> {
            StatefulNode node = stateful.get(name);
            if (node == null) {
                unmatched.add(name);
                problems.add("the state of " + name + " (" + kind + ") has no stateful operator of that name"
                        + " in the application");
            } else if (!node.operator().equals(kind)) {
                unmatched.add(name);
                problems.add("the state of " + name + " is " + kind + " state, but the operator of that name"
                        + " is now " + node.operator());
            }
        });
        return new StateFit(List.copyOf(problems), Set.copyOf(unmatched), intervalChanged);
    }

    public boolean fits() {
        return problems.isEmpty();
    }

    /** The graph's stateful operators by name, for messages: {@code none} when it has none. */
    public static String statefulNames(DStreamGraph graph) {
        return graph.statefulNodes().isEmpty() ? "none"
                : String.join(", ", graph.statefulNodes().stream().map(StatefulNode::name).toList());
    }
}
