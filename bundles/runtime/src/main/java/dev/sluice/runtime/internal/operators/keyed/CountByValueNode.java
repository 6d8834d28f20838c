package dev.sluice.runtime.internal.operators.keyed;

import dev.sluice.api.Pair;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.Aggregator;
import dev.sluice.runtime.internal.exec.PipelinedRdd;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.exec.ShuffledRdd;
import dev.sluice.runtime.internal.exec.Stage;
import dev.sluice.runtime.internal.graph.DStreamNode;
import dev.sluice.runtime.internal.operators.OneParentNode;

/** {@code countByValue}: each distinct element of a batch with how often it occurs. */
public final class CountByValueNode<T> extends OneParentNode<T, Pair<T, Long>> {

    private final int numTasks;
    private final ExchangedKeys exchange = new ExchangedKeys(this);

    public CountByValueNode(DStreamNode<T> parent, int numTasks) {
        super(parent, "countByValue");
        this.numTasks = numTasks;
    }

    @Override
    protected Rdd<Pair<T, Long>> apply(Rdd<T> batch, Time time) {
        var counted = new ShuffledRdd<>(new PipelinedRdd<>(batch, Stage.map(t -> Pair.of(t, 1L))),
                Aggregator.<Long>reducing(Long::sum), numTasks);
        return exchange.step(time).map(counted::exchangedThrough).orElse(counted);
    }

    /** In a group: a key's values from every member meet through the group's key exchange. */
    @Override
    public GroupPart groupPart() {
        return GroupPart.BY_KEY;
    }
}
