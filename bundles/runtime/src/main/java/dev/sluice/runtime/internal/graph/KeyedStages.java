package dev.sluice.runtime.internal.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The keyed stages of a graph and what each reads: the input, when no keyed stage lies between them,
 * or the nearest keyed stage upstream. In a stream a group shares, a keyed stage's map side hands
 * over the partitions of what it reads (the input topic's, or the upstream stage's key partitions)
 * and commits their progress in one transaction, so the stages must form one chain: each reads one
 * thing, each thing is read by one stage (or, the last stage, by the output), and a stage keeping
 * state per key reads the input and is the last (its changes are written with the output).
 */
public final class KeyedStages {

    /** What a keyed stage or the output reads: the input (stage null) or a keyed stage. */
    public record Upstream(DStreamNode<?> stage) {

        static final Upstream INPUT = new Upstream(null);

        @Override
        public String toString() {
            return stage == null ? "the input" : "the keyed stage " + stage.name();
        }
    }

    private final DStreamGraph graph;
    private final Map<DStreamNode<?>, Set<Upstream>> reached = new HashMap<>();

    public KeyedStages(DStreamGraph graph) {
        this.graph = graph;
    }

    /** The keyed stages, in graph order. */
    public List<DStreamNode<?>> stages() {
        return graph.nodes().stream().filter(KeyedStages::keyed).toList();
    }

    /** What keyed stage {@code stage} reads. */
    public Set<Upstream> upstreamOf(DStreamNode<?> stage) {
        var ups = new LinkedHashSet<Upstream>();
        stage.dependencies().forEach(d -> ups.addAll(reachedFrom(d)));
        return ups;
    }

    /** Each keyed stage that reads another keyed stage, by shuffle name, to that stage's shuffle name. */
    public Map<String, String> chainedShuffles() {
        var chained = new LinkedHashMap<String, String>();
        for (DStreamNode<?> stage : stages()) {
            Set<Upstream> ups = upstreamOf(stage);
            if (ups.size() == 1 && ups.iterator().next().stage() != null) {
                chained.put(DStreamGraph.shuffleName(stage), DStreamGraph.shuffleName(ups.iterator().next().stage()));
            }
        }
        return chained;
    }

    /** Why the keyed stages do not form one chain from the input to the one output, or empty when they do. */
    public Optional<String> whyNotOneChain() {
        var readers = new LinkedHashMap<Upstream, List<String>>();
        for (DStreamNode<?> stage : stages()) {
            Set<Upstream> ups = upstreamOf(stage);
            if (ups.size() != 1) {
                return Optional.of("its keyed stage " + stage.name() + " reads " + ups + ", and a shared keyed stage"
                        + " reads one of them only (the input or one keyed stage)");
            }
            Upstream read = ups.iterator().next();
            if (stage instanceof StatefulNode && read.stage() != null) {
                // its changelog's restore has been checked with the input's hand-over only
                return Optional.of("its stage " + stage.name() + " keeps state per key and reads " + read
                        + ", and a shared stage keeping state reads the input only so far");
            }
            readers.computeIfAbsent(read, u -> new ArrayList<>()).add("the keyed stage " + stage.name());
        }
        for (OutputNode<?> out : graph.outputs()) {
            Set<Upstream> ups = reachedFrom(out.parent());
            if (ups.size() != 1) {
                return Optional.of("its output reads " + ups + ", and a shared output reads one of them only");
            }
            readers.computeIfAbsent(ups.iterator().next(), u -> new ArrayList<>()).add("the output");
        }
        for (var e : readers.entrySet()) {
            if (e.getValue().size() > 1) {
                return Optional.of(e.getKey() + " is read by " + String.join(" and ", e.getValue()) + ", and what a"
                        + " member hands over is read by one stage only");
            }
            DStreamNode<?> stage = e.getKey().stage();
            if (stage instanceof StatefulNode && !e.getValue().get(0).equals("the output")) {
                return Optional.of("its stage " + stage.name() + " keeps state per key and " + e.getValue().get(0)
                        + " reads it, and only the last keyed stage's state is written with the output");
            }
        }
        return Optional.empty();
    }

    /** The nearest keyed stages or inputs upstream of {@code node}, {@code node} itself if it is keyed. */
    private Set<Upstream> reachedFrom(DStreamNode<?> node) {
        Set<Upstream> known = reached.get(node);
        if (known != null) {
            return known;
        }
        var ups = new LinkedHashSet<Upstream>();
        if (keyed(node)) {
            ups.add(new Upstream(node));
        } else if (node instanceof InputNode<?>) {
            ups.add(Upstream.INPUT);
        } else {
            node.dependencies().forEach(d -> ups.addAll(reachedFrom(d)));
        }
        reached.put(node, ups);
        return ups;
    }

    private static boolean keyed(DStreamNode<?> node) {
        return node.groupPart() == DStreamNode.GroupPart.BY_KEY;
    }
}
