package dev.sluice.runtime.internal.dstream;

import java.util.function.BinaryOperator;
import dev.sluice.api.Pair;
import dev.sluice.api.PairDStream;
import dev.sluice.api.StreamingContext;
import dev.sluice.runtime.internal.exec.Aggregator;
import dev.sluice.runtime.internal.graph.DStreamNode;
import dev.sluice.runtime.internal.graph.ShuffleNode;

/** The keyed operations on a stream of pairs. */
public class PairDStreamView<K, V> extends DStreamView<Pair<K, V>> implements PairDStream<K, V> {

    public PairDStreamView(StreamingContext context, DStreamNode<Pair<K, V>> node) {
        super(context, node);
    }

    @Override
    public PairDStream<K, V> reduceByKey(BinaryOperator<V> f) {
        return reduceByKey(f, graph().defaultPartitions());
    }

    @Override
    public PairDStream<K, V> reduceByKey(BinaryOperator<V> f, int numTasks) {
        return new PairDStreamView<>(context,
                new ShuffleNode<>(graph(), "reduceByKey", node, Aggregator.reducing(f), numTasks));
    }

    @Override
    public PairDStream<K, V> name(String name) {
        node.setName(name);
        return this;
    }
}
