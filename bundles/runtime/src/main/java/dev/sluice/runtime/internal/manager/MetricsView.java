package dev.sluice.runtime.internal.manager;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import dev.sluice.api.listener.BatchInfo;
import dev.sluice.api.listener.ReceiverInfo;
import dev.sluice.api.management.InputMetrics;
import dev.sluice.api.management.StreamMetrics;
import dev.sluice.api.management.StreamState;
import dev.sluice.runtime.internal.checkpoint.Checkpointer;
import dev.sluice.runtime.internal.context.StreamingContextImpl;
import dev.sluice.runtime.internal.graph.InputNode;

/**
 * A stream's figures for monitoring: the batch counts of its {@link BatchStats}, its receivers,
 * each input's rate over the latest completed batches and its lag, and its latest checkpoint.
 */
final class MetricsView {

    private MetricsView() {
    }

    /** {@code context} is null while the stream does not run: then it has no inputs, interval or checkpoint. */
    static StreamMetrics of(String name, StreamState state, StreamingContextImpl context, List<ReceiverInfo> receivers,
                            BatchStats.Figures f) {
        int active = (int) receivers.stream().filter(ReceiverInfo::active).count();
        Optional<Duration> interval = Optional.ofNullable(context).map(StreamingContextImpl::batchInterval);
        var inputs = new ArrayList<InputMetrics>();
        if (context != null) {
            List<BatchInfo> latest = f.retained().subList(Math.max(0, f.retained().size() - StreamMetrics.RATE_BATCHES),
                    f.retained().size());
            for (InputNode<?> input : context.graph().inputs()) {
                inputs.add(new InputMetrics(input.id(), input.name(), rate(input.id(), latest, interval.get()),
                        input.lag()));
            }
        }
        return new StreamMetrics(name, state, interval, receivers.size(), active, f.completed(), f.failed(),
                f.receivedRecords(), f.processedRecords(), f.waiting(), f.running(), f.lastCompleted(),
                f.lastReceived(), f.retained(), inputs,
                Optional.ofNullable(context).flatMap(c -> c.run().checkpointer()).flatMap(Checkpointer::lastFigures));
    }

    /** Records per second of input {@code id} over {@code batches}: their records over the time they cover. */
    static double rate(int id, List<BatchInfo> batches, Duration interval) {
        if (batches.isEmpty() || interval.isZero()) {
            return 0;
        }
        long records = batches.stream().mapToLong(b -> b.inputRecords().getOrDefault(id, 0L)).sum();
        return records * 1000.0 / (batches.size() * interval.toMillis());
    }
}
