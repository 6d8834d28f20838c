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

/**
 * {@code partitionBy}: every pair moved to its key's partition, none combined. A shared stream reads
 * the input's side of a join of the input and a keyed stage through one ({@link InputSides}), so that
 * side is a keyed stage reading the input, handed over with the input's other readers, and the join
 * reads keyed stages only. Without a group's exchange it hands its parent's batch on as it is.
 */
public final class PartitionByNode<K, V> extends OneParentNode<Pair<K, V>, Pair<K, V>> {

    private final ExchangedKeys exchange = new ExchangedKeys(this);

    public PartitionByNode(DStreamNode<Pair<K, V>> parent) {
        super(parent, "partitionBy");
    }

    @Override
    protected Rdd<Pair<K, V>> apply(Rdd<Pair<K, V>> batch, Time time) {
        return exchange.step(time).<Rdd<Pair<K, V>>>map(step -> new PipelinedRdd<>(new ShuffledRdd<>(batch,
                Aggregator.<V>grouping(), graph().defaultPartitions()).exchangedThrough(step), Stage.ungrouped()))
                .orElse(batch);
    }

    /** In a group: a key's pairs from every member meet through the group's key exchange. */
    @Override
    public GroupPart groupPart() {
        return GroupPart.BY_KEY;
    }
}
