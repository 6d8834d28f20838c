package dev.sluice.runtime.internal.graph;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import dev.sluice.api.InvalidGraphException;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.Rdd;

/**
 * An operator that makes each batch's dataset from its parents' datasets of the same batch:
 * map, filter, reduceByKey, join, union, transform and the rest. What it does per batch is a
 * dataset operation, so streams and {@code transform} functions share one implementation.
 */
public final class TransformedNode<T> extends DStreamNode<T> {

    private final List<DStreamNode<?>> parents;
    private final BiFunction<List<Rdd<?>>, Time, Rdd<T>> transform;

    public TransformedNode(DStreamGraph graph, String operator, List<DStreamNode<?>> parents,
                           BiFunction<List<Rdd<?>>, Time, Rdd<T>> transform) {
        super(graph, operator);
        this.parents = List.copyOf(parents);
        this.transform = transform;
        Duration slide = parents.get(0).slideDuration();
        for (DStreamNode<?> p : parents) {
            if (!p.slideDuration().equals(slide)) {
                throw new InvalidGraphException(operator + " needs streams with the same slide duration, but "
                        + parents.get(0) + " slides every " + slide.toMillis() + " ms and " + p + " every "
                        + p.slideDuration().toMillis() + " ms");
            }
        }
    }

    @Override
    public List<DStreamNode<?>> dependencies() {
        return parents;
    }

    @Override
    protected Rdd<T> compute(Time time) {
        var inputs = new ArrayList<Rdd<?>>(parents.size());
        for (DStreamNode<?> p : parents) {
            Rdd<?> rdd = p.getOrCompute(time);
            if (rdd == null) {
                return null;
            }
            inputs.add(rdd);
        }
        return transform.apply(inputs, time);
    }
}
