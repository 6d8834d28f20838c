package dev.sluice.runtime.internal.manager;

import dev.sluice.api.Config;
import dev.sluice.api.spi.GroupMembership;
import dev.sluice.api.spi.KeyExchange;
import dev.sluice.api.spi.SinkProvider;
import dev.sluice.api.spi.SourceProvider;
import dev.sluice.runtime.internal.graph.DStreamGraph;
import dev.sluice.runtime.internal.graph.DStreamNode;
import dev.sluice.runtime.internal.graph.InputNode;
import dev.sluice.runtime.internal.graph.KeyedStages;
import dev.sluice.runtime.internal.graph.OutputNode;
import dev.sluice.runtime.internal.operators.keyed.InputSides;
import dev.sluice.runtime.internal.operators.keyed.PartitionByNode;
import dev.sluice.runtime.internal.plugin.PluginRef;
import dev.sluice.runtime.internal.plugin.Plugins;
import dev.sluice.runtime.internal.settings.ContextSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the members of a group can share a defined stream's work, every member running it on
 * the part of the input the group assigns it: every input must be a source that divides its input
 * (a Kafka topic's partitions), and its one output a sink that commits that part's progress with
 * what it writes. With two outputs, one could commit the input's progress while the other has not
 * written yet, so a member dying between them would lose the second one's part. Several inputs are
 * shared only when one plugin reads them as one, committing every input's progress together.
 */
final class SharedWork {

    private static final Logger LOG = LoggerFactory.getLogger(SharedWork.class);

    private SharedWork() {
    }

    /**
     * Whether stream {@code stream} of group {@code group} runs on every member: if it can be shared
     * (and {@code group.share} allows), marks its graph so; says which way it goes, and why.
     */
    static boolean share(String stream, String group, DStreamGraph graph, Plugins plugins, Config args) {
        Optional<String> whyNot = ContextSettings.GROUP_SHARE.get(args) ? whyNot(graph, plugins)
                : Optional.of("group.share=false");
        if (whyNot.isPresent()) {
            LOG.info("Stream {} runs on one member of group {} at a time: {}", stream, group, whyNot.get());
            return false;
        }
        graph.shareWorkIn(group, hasKeyedStage(graph) ? keyExchange(plugins).orElseThrow() : null);
        LOG.info("Stream {} shares its work in group {}: every member runs it on its part of the input", stream, group);
        return true;
    }

    /** Why {@code graph} cannot be shared, or empty when it can. */
    static Optional<String> whyNot(DStreamGraph graph, Plugins plugins) {
        for (InputNode<?> in : graph.inputs()) {
            Optional<PluginRef> ref = in.requiredPlugin();
            if (ref.isEmpty() || ref.get().kind() != PluginRef.Kind.SOURCE
                    || !plugins.source(ref.get().type()).map(SourceProvider::sharesWork).orElse(false)) {
                return Optional.of("its input " + in.name() + " (" + ref.map(PluginRef::toString).orElse("built in")
                        + ") cannot divide its records among members");
            }
        }
        Optional<String> whyNotJoined = whyNotJoined(graph.inputs(), plugins);
        if (whyNotJoined.isPresent()) {
            return whyNotJoined;
        }
        if (graph.outputs().size() != 1) {
            return Optional.of("it has " + graph.outputs().size() + " outputs, and only a stream with one output"
                    + " commits its input's progress with what it writes");
        }
        OutputNode<?> out = graph.outputs().get(0);
        Optional<PluginRef> ref = out.action().requiredPlugin();
        if (ref.isEmpty() || !plugins.sink(ref.get().type()).map(SinkProvider::sharesWork).orElse(false)) {
            return Optional.of("its output (" + ref.map(PluginRef::toString).orElse("a function") + ") cannot commit"
                    + " its input's progress with what it writes");
        }
        return whyNotStages(graph, keyExchange(plugins));
    }

    /**
     * Why several inputs cannot be shared, or empty when there is one or they are read as one: each
     * batch's progress of every input must be committed in one transaction (with the output's
     * records, or with the map side's chunks and markers), so their plugin must join them.
     */
    private static Optional<String> whyNotJoined(List<InputNode<?>> inputs, Plugins plugins) {
        if (inputs.size() < 2) {
            return Optional.empty();
        }
        var types = inputs.stream().map(in -> in.requiredPlugin().orElseThrow().type()).distinct().toList();
        String names = String.join(" and ", inputs.stream().map(InputNode::name).toList());
        if (types.size() > 1) {
            return Optional.of("its inputs " + names + " are read by different source plugins " + types + ", and a"
                    + " shared stream commits every input's progress in one transaction of one plugin");
        }
        if (!plugins.source(types.get(0)).map(SourceProvider::joinsSharedInputs).orElse(false)) {
            return Optional.of("its inputs " + names + " cannot be read as one by the '" + types.get(0) + "' plugin,"
                    + " which would commit each input's progress on its own; read them through one input");
        }
        return Optional.empty();
    }

    /** Why the stages of {@code graph} cannot be computed on a member's part of the input, or empty when they can. */
    private static Optional<String> whyNotStages(DStreamGraph graph, Optional<KeyExchange> keys) {
        List<DStreamNode<?>> keyed = new ArrayList<>();
        for (DStreamNode<?> node : graph.nodes()) {
            switch (node.groupPart()) {
                case PER_PART -> { }
                case BY_KEY -> keyed.add(node);
                case WHOLE_INPUT -> {
                    return Optional.of("its stage " + node.name() + " (" + node.operator() + ") needs all of a batch's"
                            + " input on one member");
                }
            }
        }
        if (!keyed.isEmpty() && keys.isEmpty()) {
            return Optional.of("the group plugin cannot exchange the keys of its keyed stage " + keyed.get(0).name());
        }
        // each batch's map side commits what its stages read, so the readers of one upstream hand over together
        boolean together = keys.map(KeyExchange::handsOverTogether).orElse(false);
        if (together) {
            for (PartitionByNode<?, ?> side : InputSides.partitionApart(graph)) {
                LOG.info("The input's side {} of keyed stage {} is partitioned by key in a keyed stage of its own, {},"
                        + " handed over with the input's other readers", side.dependencies().get(0),
                        readerOf(graph, side), side);
            }
        }
        return new KeyedStages(graph).whyNotShared(together);
    }

    private static DStreamNode<?> readerOf(DStreamGraph graph, DStreamNode<?> node) {
        return graph.nodes().stream().filter(n -> n.dependencies().contains(node)).findFirst().orElseThrow();
    }

    private static boolean hasKeyedStage(DStreamGraph graph) {
        return graph.nodes().stream().anyMatch(n -> n.groupPart() == DStreamNode.GroupPart.BY_KEY);
    }

    private static Optional<KeyExchange> keyExchange(Plugins plugins) {
        return plugins.group(GroupSeat.PLUGIN.type()).flatMap(GroupMembership::keyExchange);
    }
}
