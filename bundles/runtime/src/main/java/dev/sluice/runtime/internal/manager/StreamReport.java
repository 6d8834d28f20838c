package dev.sluice.runtime.internal.manager;

import dev.sluice.api.listener.ReceiverInfo;
import dev.sluice.api.management.StreamGraph;
import dev.sluice.api.management.StreamMetrics;
import dev.sluice.api.management.StreamStatus;
import dev.sluice.runtime.internal.context.StreamingContextImpl;
import dev.sluice.runtime.internal.graph.InputNode;
import java.util.List;
import java.util.Optional;

/** What the management API shows of a stream from its running context (null when none runs) and its batch figures. */
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

    static StreamMetrics metrics(StreamStatus status, StreamingContextImpl context, BatchStats stats) {
        var f = stats.figures();
        int active = (int) status.receivers().stream().filter(ReceiverInfo::active).count();
        return new StreamMetrics(status.application(), status.state(),
                Optional.ofNullable(context).map(StreamingContextImpl::batchInterval), status.receivers().size(),
                active, f.completed(), f.failed(), f.receivedRecords(), f.processedRecords(), f.waiting(),
                f.running(), f.lastCompleted(), f.lastReceived(), f.retained());
    }
}
