package dev.sluice.runtime.internal.operators.window;

import dev.sluice.runtime.internal.graph.DStreamNode;
import dev.sluice.runtime.internal.graph.DStreamGraph;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.ListRdd;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.exec.UnionRdd;

/**
 * window: every slide, the union of the parent's batches in (t - window, t]. At the start of a
 * stream the window is partial; a window with no data is an empty dataset, never a missing one.
 * The parent keeps its batches for the window's length and computes each of them once.
 */
public final class WindowedNode<T> extends DStreamNode<T> {

    private final DStreamNode<T> parent;
    private final Duration window;
    private final Duration slide;

    public WindowedNode(DStreamGraph graph, String operator, DStreamNode<T> parent, Duration window, Duration slide) {
        super(graph, operator);
        WindowDurations.check(operator, parent.slideDuration(), window, slide);
        this.parent = parent;
        this.window = window;
        this.slide = slide;
        parent.remember(window);
        parent.persistUnlessInput();
    }

    @Override
    public List<DStreamNode<?>> dependencies() {
        return List.of(parent);
    }

    @Override
    public Duration slideDuration() {
        return slide;
    }

    @Override
    protected Rdd<T> compute(Time time) {
        var batches = new ArrayList<Rdd<? extends T>>();
        for (Time t : parentTimes(time.minus(window), time)) {
            Rdd<T> rdd = parent.getOrCompute(t);
            if (rdd != null) {
                batches.add(rdd);
            }
        }
        return batches.isEmpty() ? ListRdd.empty() : new UnionRdd<>(batches);
    }

    /** The parent's batch times in (from, to]. */
    List<Time> parentTimes(Time from, Time to) {
        long step = parent.slideDuration().toMillis();
        var times = new ArrayList<Time>();
        for (long t = from.millis() + step; t <= to.millis(); t += step) {
            times.add(new Time(t));
        }
        return times;
    }
}
