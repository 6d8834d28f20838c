package dev.sluice.runtime.internal.manager;

import dev.sluice.api.listener.ReceiverInfo;
import dev.sluice.api.management.StreamGraph;
import dev.sluice.runtime.internal.context.StreamingContextImpl;
import dev.sluice.runtime.internal.graph.InputNode;
import dev.sluice.api.management.StreamState;
import dev.sluice.runtime.internal.plugin.PluginRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the management API shows of a stream from its running context (null when none runs); metrics: {@link MetricsView}. */
final class StreamReport {

    private StreamReport() {
    }

    static List<ReceiverInfo> receivers(StreamingContextImpl context) {
        return context == null ? List.of()
                : context.graph().inputs().stream().map(InputNode::receiverInfo).flatMap(Optional::stream).toList();
    }

    static StreamGraph graph(String stream, StreamingContextImpl context) {
        return context == null ? new StreamGraph(stream, List.of(), List.of()) : GraphView.of(stream, context.graph());
    }

    /**
     * What a stream waits for, in words: {@code missing} plugins, its application when it is gone,
     * and the lead of its group ({@code group}, null when none) while it stands by.
     */
    static List<String> waiting(String stream, StreamState state, List<PluginRef> missing, boolean applicationGone,
                                String group) {
        var waiting = new ArrayList<>(missing.stream().map(PluginRef::toString).toList());
        if (applicationGone && state == StreamState.WAITING) {
            waiting.add(0, "its application '" + stream + "' (its bundle is being updated, or is gone)");
        }
        if (state == StreamState.STANDBY) {
            waiting.add("the lead of group '" + group + "'");
        }
        return waiting;
    }
}
