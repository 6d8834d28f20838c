package dev.sluice.runtime.internal.dstream;

import dev.sluice.runtime.internal.exec.DatasetImpl;
import dev.sluice.runtime.internal.exec.PairDatasetImpl;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.api.PairDataset;
import dev.sluice.runtime.internal.exec.Aggregator;
import dev.sluice.runtime.internal.exec.Joins;
import dev.sluice.runtime.internal.operators.CoalesceNode;
import dev.sluice.runtime.internal.operators.FilterNode;
import dev.sluice.runtime.internal.operators.RepartitionNode;
import dev.sluice.runtime.internal.operators.UnionNode;
import dev.sluice.runtime.internal.operators.keyed.CogroupNode;
import dev.sluice.runtime.internal.operators.keyed.FlatMapValuesNode;
import dev.sluice.runtime.internal.operators.keyed.JoinNode;
import dev.sluice.runtime.internal.operators.keyed.MapValuesNode;
import dev.sluice.runtime.internal.operators.keyed.ShuffleNode;
import dev.sluice.api.StorageLevel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Predicate;
import dev.sluice.api.InvalidGraphException;
import dev.sluice.api.MapWithStateDStream;
import dev.sluice.api.Pair;
import dev.sluice.api.Partitioner;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.CheckedPartitioner;
import dev.sluice.runtime.internal.output.FunctionOutput;
import dev.sluice.api.PairDStream;
import dev.sluice.api.StateSpec;
import dev.sluice.api.StreamingContext;
import dev.sluice.runtime.internal.graph.DStreamNode;
import dev.sluice.runtime.internal.operators.window.ReducedWindowedNode;
import dev.sluice.runtime.internal.operators.state.UpdateStateByKeyNode;
import dev.sluice.runtime.internal.operators.state.MapWithStateNode;

/** The keyed operations on a stream of pairs: each batch gets the dataset operation of the same name. */
public class PairDStreamView<K, V> extends DStreamView<Pair<K, V>> implements PairDStream<K, V> {

    public PairDStreamView(StreamingContext context, DStreamNode<Pair<K, V>> node) {
        super(context, node);
    }

    @Override
    public PairDStream<K, V> reduceByKey(BinaryOperator<V> f) {
        return reduceByKey(f, defaultPartitions());
    }

    @Override
    public PairDStream<K, V> reduceByKey(BinaryOperator<V> f, int numTasks) {
        checkTasks("reduceByKey", numTasks);
        return pairView(new ShuffleNode<>(node, "reduceByKey", Aggregator.reducing(f), numTasks));
    }

    @Override
    public PairDStream<K, V> reduceByKey(BinaryOperator<V> f, Partitioner partitioner) {
        var p = CheckedPartitioner.of(partitioner, "reduceByKey");
        return pairView(new ShuffleNode<>(node, "reduceByKey", Aggregator.reducing(f), p));
    }

    @Override
    public PairDStream<K, List<V>> groupByKey(Partitioner partitioner) {
        var p = CheckedPartitioner.of(partitioner, "groupByKey");
        return pairView(new ShuffleNode<>(node, "groupByKey", Aggregator.<V>grouping(), p));
    }

    @Override
    public <C> PairDStream<K, C> combineByKey(Function<? super V, ? extends C> createCombiner,
                                              BiFunction<C, ? super V, C> mergeValue,
                                              BinaryOperator<C> mergeCombiners) {
        return combineByKey(createCombiner, mergeValue, mergeCombiners, defaultPartitions());
    }

    @Override
    public <C> PairDStream<K, C> combineByKey(Function<? super V, ? extends C> createCombiner,
                                              BiFunction<C, ? super V, C> mergeValue,
                                              BinaryOperator<C> mergeCombiners, Partitioner partitioner) {
        var p = CheckedPartitioner.of(partitioner, "combineByKey");
        return pairView(new ShuffleNode<>(node, "combineByKey",
                Aggregator.combining(createCombiner, mergeValue, mergeCombiners), p));
    }

    @Override
    public PairDStream<K, List<V>> groupByKey() {
        return groupByKey(defaultPartitions());
    }

    @Override
    public PairDStream<K, List<V>> groupByKey(int numTasks) {
        checkTasks("groupByKey", numTasks);
        return pairView(new ShuffleNode<>(node, "groupByKey", Aggregator.<V>grouping(), numTasks));
    }

    @Override
    public <C> PairDStream<K, C> combineByKey(Function<? super V, ? extends C> createCombiner,
                                              BiFunction<C, ? super V, C> mergeValue,
                                              BinaryOperator<C> mergeCombiners, int numTasks) {
        checkTasks("combineByKey", numTasks);
        return pairView(new ShuffleNode<>(node, "combineByKey",
                Aggregator.combining(createCombiner, mergeValue, mergeCombiners), numTasks));
    }

    @Override
    public <W> PairDStream<K, W> mapValues(Function<? super V, ? extends W> f) {
        return pairView(new MapValuesNode<>(node, f));
    }

    @Override
    public <W> PairDStream<K, W> flatMapValues(Function<? super V, ? extends Iterable<? extends W>> f) {
        return pairView(new FlatMapValuesNode<>(node, f));
    }

    @Override
    public <W> PairDStream<K, Pair<V, W>> join(PairDStream<K, W> other) {
        return join(other, defaultPartitions());
    }

    @Override
    public <W> PairDStream<K, Pair<V, W>> join(PairDStream<K, W> other, int numTasks) {
        checkTasks("join", numTasks);
        return pairView(new JoinNode<>(node, nodeOf(other), "join", Joins.<V, W>inner(), numTasks));
    }

    @Override
    public <W> PairDStream<K, Pair<V, Optional<W>>> leftOuterJoin(PairDStream<K, W> other) {
        return leftOuterJoin(other, defaultPartitions());
    }

    @Override
    public <W> PairDStream<K, Pair<V, Optional<W>>> leftOuterJoin(PairDStream<K, W> other, int numTasks) {
        checkTasks("leftOuterJoin", numTasks);
        return pairView(new JoinNode<>(node, nodeOf(other), "leftOuterJoin", Joins.<V, W>leftOuter(), numTasks));
    }

    @Override
    public <W> PairDStream<K, Pair<Optional<V>, W>> rightOuterJoin(PairDStream<K, W> other) {
        return rightOuterJoin(other, defaultPartitions());
    }

    @Override
    public <W> PairDStream<K, Pair<Optional<V>, W>> rightOuterJoin(PairDStream<K, W> other, int numTasks) {
        checkTasks("rightOuterJoin", numTasks);
        return pairView(new JoinNode<>(node, nodeOf(other), "rightOuterJoin", Joins.<V, W>rightOuter(), numTasks));
    }

    @Override
    public <W> PairDStream<K, Pair<Optional<V>, Optional<W>>> fullOuterJoin(PairDStream<K, W> other) {
        return fullOuterJoin(other, defaultPartitions());
    }

    @Override
    public <W> PairDStream<K, Pair<Optional<V>, Optional<W>>> fullOuterJoin(PairDStream<K, W> other, int numTasks) {
        checkTasks("fullOuterJoin", numTasks);
        return pairView(new JoinNode<>(node, nodeOf(other), "fullOuterJoin", Joins.<V, W>fullOuter(), numTasks));
    }

    @Override
    public <W> PairDStream<K, Pair<List<V>, List<W>>> cogroup(PairDStream<K, W> other) {
        return cogroup(other, defaultPartitions());
    }

    @Override
    public <W> PairDStream<K, Pair<List<V>, List<W>>> cogroup(PairDStream<K, W> other, int numTasks) {
        checkTasks("cogroup", numTasks);
        return pairView(new CogroupNode<>(node, nodeOf(other), numTasks));
    }

    @Override
    public PairDStream<K, List<V>> groupByKeyAndWindow(Duration window, Duration slide) {
        return groupByKeyAndWindow(window, slide, defaultPartitions());
    }

    @Override
    public PairDStream<K, List<V>> groupByKeyAndWindow(Duration window, Duration slide, int numTasks) {
        checkTasks("groupByKeyAndWindow", numTasks);
        return groupedWindow(window, slide, Partitioner.hash(numTasks));
    }

    @Override
    public PairDStream<K, List<V>> groupByKeyAndWindow(Duration window, Duration slide, Partitioner partitioner) {
        return groupedWindow(window, slide, CheckedPartitioner.of(partitioner, "groupByKeyAndWindow"));
    }

    /** Each batch grouped per key once, each window the batches' lists joined in time order (as Spark builds it). */
    private PairDStream<K, List<V>> groupedWindow(Duration window, Duration slide, Partitioner partitioner) {
        var lists = new MapValuesNode<K, V, List<V>>(node, v -> {
            var one = new ArrayList<V>(1);
            one.add(v);
            return one;
        });
        return pairView(ReducedWindowedNode.grouping(graph(), lists, window, slide, partitioner));
    }

    @Override
    public PairDStream<K, List<V>> groupByKeyAndWindow(Duration window) {
        return groupByKeyAndWindow(window, node.slideDuration());
    }

    @Override
    public PairDStream<K, V> reduceByKeyAndWindow(BinaryOperator<V> f, Duration window) {
        return reduceByKeyAndWindow(f, window, node.slideDuration());
    }

    @Override
    public PairDStream<K, V> reduceByKeyAndWindow(BinaryOperator<V> f, Duration window, Duration slide,
                                                  Partitioner partitioner) {
        var p = CheckedPartitioner.of(partitioner, "reduceByKeyAndWindow");
        return pairView(new ReducedWindowedNode<>(graph(), node, f, null, null, window, slide, p));
    }

    @Override
    public PairDStream<K, V> reduceByKeyAndWindow(BinaryOperator<V> f, BinaryOperator<V> inverse,
                                                  Duration window, Duration slide, Partitioner partitioner,
                                                  Predicate<? super Pair<K, V>> keep) {
        var p = CheckedPartitioner.of(partitioner, "reduceByKeyAndWindow");
        return pairView(new ReducedWindowedNode<>(graph(), node, f, inverse, keep, window, slide, p));
    }

    @Override
    public PairDStream<K, V> reduceByKeyAndWindow(BinaryOperator<V> f, Duration window, Duration slide) {
        return reduceByKeyAndWindow(f, window, slide, defaultPartitions());
    }

    @Override
    public PairDStream<K, V> reduceByKeyAndWindow(BinaryOperator<V> f, Duration window, Duration slide,
                                                  int numTasks) {
        // each batch is reduced once, then the window reduces the reduced batches
        checkTasks("reduceByKeyAndWindow", numTasks);
        return pairView(new ReducedWindowedNode<>(graph(), node, f, null, null, window, slide, numTasks));
    }

    @Override
    public PairDStream<K, V> reduceByKeyAndWindow(BinaryOperator<V> f, BinaryOperator<V> inverse,
                                                  Duration window, Duration slide) {
        return reduceByKeyAndWindow(f, inverse, window, slide, defaultPartitions(), null);
    }

    @Override
    public PairDStream<K, V> reduceByKeyAndWindow(BinaryOperator<V> f, BinaryOperator<V> inverse,
                                                  Duration window, Duration slide, int numTasks,
                                                  Predicate<? super Pair<K, V>> keep) {
        checkTasks("reduceByKeyAndWindow", numTasks);
        return pairView(new ReducedWindowedNode<>(graph(), node, f, inverse, keep, window, slide, numTasks));
    }

    @Override
    public <S> PairDStream<K, S> updateStateByKey(
            BiFunction<? super List<V>, ? super Optional<S>, Optional<S>> update) {
        return updateStateByKey(update, defaultPartitions());
    }

    @Override
    public <S> PairDStream<K, S> updateStateByKey(
            BiFunction<? super List<V>, ? super Optional<S>, Optional<S>> update, int numTasks) {
        checkTasks("updateStateByKey", numTasks);
        return pairView(new UpdateStateByKeyNode<>(graph(), node, update, numTasks));
    }

    @Override
    public <S> PairDStream<K, S> updateStateByKey(
            BiFunction<? super List<V>, ? super Optional<S>, Optional<S>> update, Partitioner partitioner) {
        return stateful(update, CheckedPartitioner.of(partitioner, "updateStateByKey"), null);
    }

    @Override
    public <S> PairDStream<K, S> updateStateByKey(
            BiFunction<? super List<V>, ? super Optional<S>, Optional<S>> update, int numTasks,
            PairDataset<K, S> initialState) {
        checkTasks("updateStateByKey", numTasks);
        return updateStateByKey(update, Partitioner.hash(numTasks), initialState);
    }

    @Override
    public <S> PairDStream<K, S> updateStateByKey(
            BiFunction<? super List<V>, ? super Optional<S>, Optional<S>> update, Partitioner partitioner,
            PairDataset<K, S> initialState) {
        var p = CheckedPartitioner.of(partitioner, "updateStateByKey");
        if (initialState == null) {
            throw new InvalidGraphException("updateStateByKey: the initial state is null; pass a dataset,"
                    + " e.g. ssc.parallelizePairs(pairs), or leave it out");
        }
        return stateful(update, p, DatasetImpl.rddOf(initialState, "updateStateByKey"));
    }

    private <S> PairDStream<K, S> stateful(BiFunction<? super List<V>, ? super Optional<S>, Optional<S>> update,
                                           Partitioner partitioner, Rdd<Pair<K, S>> initialState) {
        return pairView(new UpdateStateByKeyNode<K, V, S>(graph(), node, update, partitioner, initialState));
    }

    @Override
    public void foreachPairs(Consumer<PairDataset<K, V>> action) {
        foreachPairs((batch, time) -> action.accept(batch));
    }

    @Override
    public void foreachPairs(BiConsumer<PairDataset<K, V>, Time> action) {
        graph().addOutput(node, new FunctionOutput<Pair<K, V>>((batch, time) ->
                action.accept(new PairDatasetImpl<>(DatasetImpl.rddOf(batch, "foreachPairs"), execution()), time)), "foreach");
    }

    @Override
    public <S, M> MapWithStateDStream<K, V, S, M> mapWithState(StateSpec<K, V, S, M> spec) {
        return new MapWithStateView<>(context, new MapWithStateNode<>(graph(), node, spec));
    }

    @Override
    public PairDStream<K, V> window(Duration window, Duration slide) {
        return pairView(windowNode(window, slide));
    }

    @Override
    public PairDStream<K, V> window(Duration window) {
        return window(window, node.slideDuration());
    }

    @Override
    public PairDStream<K, V> persist() {
        return persist(StorageLevel.MEMORY_ONLY_SER);
    }

    @Override
    public PairDStream<K, V> persist(StorageLevel level) {
        node.persist(level);
        return this;
    }

    @Override
    public PairDStream<K, V> cache() {
        return persist();
    }

    @Override
    public PairDStream<K, V> checkpoint(Duration interval) {
        node.checkpoint(interval);
        return this;
    }

    @Override
    public PairDStream<K, V> filter(Predicate<? super Pair<K, V>> p) {
        return pairView(new FilterNode<>(node, p));
    }

    @Override
    public PairDStream<K, V> repartition(int numPartitions) {
        checkPartitions("repartition", numPartitions);
        return pairView(new RepartitionNode<>(node, numPartitions));
    }

    @Override
    public PairDStream<K, V> coalesce(int numPartitions) {
        checkPartitions("coalesce", numPartitions);
        return pairView(new CoalesceNode<>(node, numPartitions));
    }

    @Override
    public PairDStream<K, V> union(PairDStream<K, V> other) {
        return pairView(new UnionNode<>(node, nodeOf(other)));
    }

    @Override
    public PairDStream<K, V> name(String name) {
        node.setName(name);
        return this;
    }

    private static void checkTasks(String operator, int numTasks) {
        if (numTasks < 1) {
            throw new InvalidGraphException(operator + " needs numTasks of at least 1, got " + numTasks);
        }
    }
}
