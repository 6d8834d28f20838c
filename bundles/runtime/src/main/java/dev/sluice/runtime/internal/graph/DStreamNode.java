package dev.sluice.runtime.internal.graph;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.Rdd;

/**
 * One operator of the logical DStream graph. It knows its dependencies and slide, and computes
 * its dataset for a batch time from theirs; each batch time is computed at most once, so a
 * stream read by several outputs is computed once per batch. Generated datasets are kept for
 * {@link #rememberDuration()} after their batch completes, then released.
 * Generation and clean-up run on the scheduler's thread only.
 */
public abstract class DStreamNode<T> {

    protected final DStreamGraph graph;
    private final int id;
    private final String operator;
    private String name;
    private final TreeMap<Time, Rdd<T>> generated = new TreeMap<>();
    private Duration rememberDuration = Duration.ZERO;

    protected DStreamNode(DStreamGraph graph, String operator) {
        this.graph = graph;
        this.id = graph.register(this);
        this.operator = operator;
    }

    public abstract List<DStreamNode<?>> dependencies();

    /** The dataset at {@code time}, or null where this stream has none (off its slide). */
    protected abstract Rdd<T> compute(Time time);

    /** How often this stream produces a dataset: its parent's unless a window changes it. */
    public Duration slideDuration() {
        return dependencies().get(0).slideDuration();
    }

    public final Rdd<T> getOrCompute(Time time) {
        Rdd<T> rdd = generated.get(time);
        if (rdd == null && isTimeValid(time)) {
            rdd = compute(time);
            if (rdd != null) {
                generated.put(time, rdd);
            }
        }
        return rdd;
    }

    protected boolean isTimeValid(Time time) {
        long sinceZero = time.millis() - graph.zeroTime().millis();
        return sinceZero > 0 && sinceZero % slideDuration().toMillis() == 0;
    }

    /** Releases datasets no batch after {@code completed} needs any more. */
    final void clearMetadata(Time completed) {
        Time horizon = completed.minus(rememberDuration);
        Map<Time, Rdd<T>> old = generated.headMap(horizon, true);
        old.forEach(this::release);
        old.clear();
    }

    /** Frees what the dropped dataset of {@code time} holds, such as received blocks. */
    protected void release(Time time, Rdd<T> rdd) {
    }

    /** Asks this stream to keep its datasets at least {@code d} after their batch, e.g. for a window above it. */
    public void remember(Duration d) {
        if (d.compareTo(rememberDuration) > 0) {
            rememberDuration = d;
        }
        for (DStreamNode<?> dep : dependencies()) {
            dep.remember(d);
        }
    }

    public Duration rememberDuration() {
        return rememberDuration;
    }

    int generatedCount() {
        return generated.size();
    }

    public int id() {
        return id;
    }

    public String operator() {
        return operator;
    }

    /** The stable name state is bound to: given by the user, or derived from the operator and its place in the graph. */
    public String name() {
        return name != null ? name : operator + "-" + id;
    }

    public void setName(String name) {
        graph.checkNotStarted("name an operator");
        this.name = name;
    }

    @Override
    public String toString() {
        return name();
    }
}
