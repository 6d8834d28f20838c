package dev.sluice.runtime.internal.operators;

import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.graph.DStreamNode;
import dev.sluice.runtime.internal.exec.PipelinedRdd;
import dev.sluice.runtime.internal.exec.Stage;
import java.util.function.Predicate;

/** {@code filter}: the elements that satisfy a predicate. */
public final class FilterNode<T> extends OneParentNode<T, T> {

    private final Predicate<? super T> p;

    public FilterNode(DStreamNode<T> parent, Predicate<? super T> p) {
        super(parent, "filter");
        this.p = p;
    }

    @Override
    protected Rdd<T> apply(Rdd<T> batch, Time time) {
        return new PipelinedRdd<>(batch, Stage.filter(p));
    }

    /** In a group: each element on its own: a member's part of the batch in, its part out. */
    @Override
    public GroupPart groupPart() {
        return GroupPart.PER_PART;
    }
}
