package dev.sluice.runtime.internal.graph;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
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

    /** A graceful stop: take no more data; what was received goes into the next batch. */
    public void stopReceiving() {
    }

    /** Whether it holds data that no batch has taken yet: a graceful stop waits for the batch that takes it. */
    public boolean hasUntakenData() {
        return false;
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

    /** The latest batch this input gave data to; null before the first. */
    protected final Time lastTaken() {
        return lastTaken;
    }

    /**
     * A live upgrade, before {@link #start}: this input of the new graph goes on from
     * {@code previous}, the input of the same name in the replaced one, which is paused. It takes the
     * data {@code previous} received or remembers, and as much of its source as {@code carry} says.
     */
    @SuppressWarnings("unchecked")
    public final void takeOver(InputNode<?> previous, Carry carry) {
        if (previous.getClass() != getClass()) {
            throw new IllegalArgumentException(name() + " cannot take over " + previous.name() + " of another kind");
        }
        InputNode<T> same = (InputNode<T>) previous;
        takeGenerated(same);
        lastTaken = same.lastTaken;
        continueFrom(same, carry);
        // windows of the new version may reach further back than the old one kept: those batches are gone
        if (lastTaken != null) {
            Time kept = lastTaken.minus(same.rememberDuration());
            for (Time t = lastTaken.minus(rememberDuration()); !t.isAfter(kept); t = t.plus(slideDuration())) {
                if (t.isAfter(graph.zeroTime()) && !hasGenerated(t)) {
                    restoreGenerated(t, dev.sluice.runtime.internal.exec.ListRdd.empty());
                }
            }
        }
    }

    /** How much of a replaced input's source a live upgrade carries over. */
    public enum Carry {
        /** The same plugin with the same settings: its receiver or source keeps running. */
        RUNNING_SOURCE,
        /** The same settings, a new version of the plugin: a new source goes on from the old one's progress. */
        PROGRESS,
        /** Other settings: only the data received and remembered is carried. */
        DATA_ONLY
    }

    /** What {@link #takeOver} moves for this kind of input. */
    protected void continueFrom(InputNode<T> previous, Carry carry) {
    }

    /** The settings of this input's source: an input keeps its source over an upgrade only if they are equal. */
    public Object sourceSettings() {
        return getClass();
    }

    /** How many records the dataset at {@code time} holds, once generated. */
    public abstract long recordsAt(Time time);

    /** Told of each completed batch before its data is released, e.g. to adapt a receiver's rate. */
    public void batchCompleted(BatchInfo batch) {
    }

    /**
     * What this input needs to give the batches after {@code time} the same data again, e.g. the
     * files it had taken by then: written into checkpoints.
     */
    public record Progress(Time time, byte[] bytes) {
    }

    /**
     * Its progress for replaying the batches after {@code from}, or as of an earlier batch if that
     * is the latest it has; empty when it cannot replay (received data that was not logged).
     */
    public Optional<Progress> progress(Time from) {
        return Optional.empty();
    }

    /**
     * Before {@link #start}: go on from a progress an earlier run wrote. The batches up to
     * {@code lastGenerated} are asked for again and get the data they had.
     */
    public void restore(Progress progress, Time lastGenerated) {
    }

    /** No kept checkpoint replays the batches at or before {@code horizon}: what only they need may go. */
    public void forget(Time horizon) {
    }

    public Optional<ReceiverInfo> receiverInfo() {
        return Optional.empty();
    }

    /** The records waiting upstream that no batch has taken, for a source that tells (Kafka's lag). */
    public OptionalLong lag() {
        return OptionalLong.empty();
    }

    /** In a group: a shared input reads this member's part (the group checks the source divides its input). */
    @Override
    public GroupPart groupPart() {
        return GroupPart.PER_PART;
    }
}
