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
 * or the nearest keyed stages upstream. In a stream a group shares, a keyed stage's map side hands
 * over the partitions of what it reads (the input topic's, or the upstream stages' key partitions)
 * and commits their progress in one transaction per batch, together with every other reader of
 * those upstreams. So the stages must form groups that hand over as one: every reader of an upstream
 * reads the same upstreams at the same slide (a join of two keyed stages reads both; two stages
 * reading the input read nothing else), and the output reads what no keyed stage reads (it commits
 * in its own transaction). A stage keeping state per key, or a keyed window, has its changes written
 * in the transaction that commits its key partitions (its readers' hand-over, or the output's): a
 * window's readers hand over at its slide times, when it writes its changes.
 */
public final class KeyedStages {

    /** What a keyed stage or the output reads: the input (stage null) or a keyed stage. */
    public record Upstream(DStreamNode<?> stage) {

        public static final Upstream INPUT = new Upstream(null);

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

    /** Each keyed stage that reads other keyed stages, by shuffle name, to those stages' shuffle names. */
    public Map<String, List<String>> chainedShuffles() {
        var chained = new LinkedHashMap<String, List<String>>();
        for (DStreamNode<?> stage : stages()) {
            List<String> read = upstreamOf(stage).stream().filter(u -> u.stage() != null)
                    .map(u -> DStreamGraph.shuffleName(u.stage())).toList();
            if (!read.isEmpty()) {
                chained.put(DStreamGraph.shuffleName(stage), read);
            }
        }
        return chained;
    }

    /**
     * Why the group cannot share these keyed stages, or empty when it can; {@code together}: the
     * group's exchange hands several stages' parts of a batch over as one
     * ({@code KeyExchange.handsOverTogether}), which stages reading the same upstream need.
     */
    public Optional<String> whyNotShared(boolean together) {
        // each upstream's readers, and what each of them reads
        var readers = new LinkedHashMap<Upstream, List<String>>();
        var readsOf = new LinkedHashMap<String, Set<Upstream>>();
        var slideOf = new HashMap<String, java.time.Duration>();
        for (DStreamNode<?> stage : stages()) {
            Set<Upstream> ups = upstreamOf(stage);
            if (ups.contains(Upstream.INPUT) && ups.size() > 1) {
                // the input's part is handed over before any keyed stage has its keys
                return Optional.of("its keyed stage " + stage.name() + " reads " + ups + ", and a shared keyed stage"
                        + " reads either the input or keyed stages, not both (a join or cogroup with the input on one"
                        + " side may: that side goes through a partitionBy of its own; join rather than union them)");
            }
            String reader = "the keyed stage " + stage.name();
            readsOf.put(reader, ups);
            slideOf.put(reader, stage.slideDuration());
            ups.forEach(u -> readers.computeIfAbsent(u, k -> new ArrayList<>()).add(reader));
        }
        for (OutputNode<?> out : graph.outputs()) {
            Set<Upstream> ups = reachedFrom(out.parent());
            readsOf.put("the output", ups);
            ups.forEach(u -> readers.computeIfAbsent(u, k -> new ArrayList<>()).add("the output"));
        }
        for (var e : readers.entrySet()) {
            List<String> readBy = e.getValue();
            if (readBy.size() == 1) {
                continue;
            }
            if (readBy.contains("the output")) {
                return Optional.of(e.getKey() + " is read by " + String.join(" and ", readBy) + ", and what the"
                        + " output reads no keyed stage reads (the output commits it in a transaction of its own)");
            }
            if (!together) {
                return Optional.of(e.getKey() + " is read by " + String.join(" and ", readBy) + ", and the group"
                        + " plugin hands over one keyed stage's part of a batch at a time");
            }
            for (String reader : readBy.subList(1, readBy.size())) {
                if (!readsOf.get(reader).equals(readsOf.get(readBy.get(0)))) {
                    return Optional.of(e.getKey() + " is read by " + readBy.get(0) + ", which reads "
                            + readsOf.get(readBy.get(0)) + ", and by " + reader + ", which reads " + readsOf.get(reader)
                            + ", and the readers of one upstream hand over together, so they read the same ones");
                }
                if (!slideOf.get(reader).equals(slideOf.get(readBy.get(0)))) {
                    return Optional.of(e.getKey() + " is read by " + readBy.get(0) + " every "
                            + slideOf.get(readBy.get(0)).toMillis() + " ms and by " + reader + " every "
                            + slideOf.get(reader).toMillis() + " ms, and the readers of one upstream hand over each"
                            + " batch together");
                }
            }
        }
        return Optional.empty();
    }

    /** The nearest keyed stages or inputs upstream of {@code node}, {@code node} itself if it is keyed. */
    public Set<Upstream> reachedFrom(DStreamNode<?> node) {
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
