package dev.sluice.runtime.internal.graph;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import dev.sluice.api.Time;
import dev.sluice.api.listener.BatchInfo;
import dev.sluice.api.listener.ReceiverInfo;
import dev.sluice.runtime.internal.plugin.PluginRef;

/** A stream that brings data in: one dataset every batch interval. */
public abstract class InputNode<T> extends DStreamNode<T> {

    protected InputNode(DStreamGraph graph, String operator) {
        super(graph, operator);
        graph.addInput(this);
    }

    @Override
    public final List<DStreamNode<?>> dependencies() {
        return List.of();
    }

    @Override
    public final Duration slideDuration() {
        return graph.batchInterval();
    }

    /** The plugin this input needs, if any. */
    public Optional<PluginRef> requiredPlugin() {
        return Optional.empty();
    }

    public void start(StreamEnvironment env) {
    }

    public void stop() {
    }

    private Time lastTaken;

    /**
     * Marks {@code time}'s data as taken. Input is consumed when taken, so a batch time can never be
     * taken twice: asking again for a released batch is a defect, and must not read later data.
     */
    protected final void take(Time time) {
        if (lastTaken != null && !time.isAfter(lastTaken)) {
            throw new IllegalStateException(name() + " was asked again for batch " + time
                    + " after taking batch " + lastTaken + "; its data was released");
        }
        lastTaken = time;
    }

    /** How many records the dataset at {@code time} holds, once generated. */
    public abstract long recordsAt(Time time);

    /** Told of each completed batch before its data is released, e.g. to adapt a receiver's rate. */
    public void batchCompleted(BatchInfo batch) {
    }

    public Optional<ReceiverInfo> receiverInfo() {
        return Optional.empty();
    }
}
