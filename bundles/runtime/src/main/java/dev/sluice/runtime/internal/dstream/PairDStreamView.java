package dev.sluice.runtime.internal.dstream;

import dev.sluice.runtime.internal.exec.RepartitionedRdd;
import dev.sluice.runtime.internal.exec.CoalescedRdd;
import dev.sluice.api.StorageLevel;
import java.time.Duration;
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
import dev.sluice.runtime.internal.graph.FunctionOutput;
import dev.sluice.api.PairDStream;
import dev.sluice.api.PairDataset;
import dev.sluice.api.StateSpec;
import dev.sluice.api.StreamingContext;
import dev.sluice.runtime.internal.exec.DatasetImpl;
import dev.sluice.runtime.internal.exec.PipelinedRdd;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.exec.Stage;
import dev.sluice.runtime.internal.exec.UnionRdd;
import dev.sluice.runtime.internal.graph.DStreamNode;
import dev.sluice.runtime.internal.graph.ReducedWindowedNode;
import dev.sluice.runtime.internal.graph.StateNode;
import dev.sluice.runtime.internal.state.MapWithStateNode;

/** The keyed operations on a stream of pairs: each batch gets the dataset operation of the same name. */
public class PairDStreamView<K, V> extends DStreamView<Pair<K, V>> implements PairDStream<K, V> {

    public PairDStreamView(StreamingContext context, DStreamNode<Pair<K, V>> node) {
        super(context, node);
    }

    /** A keyed operator as the dataset operation it applies to each batch. */
    private <K2, W> PairDStreamView<K2, W> keyed(String operator,
                                                 Function<PairDataset<K, V>, PairDataset<K2, W>> op) {
        return pairView(derive(operator, rdd -> DatasetImpl.rddOf(op.apply(pairDataset(rdd)), operator)));
    }

    /** A keyed operator over this stream and {@code other}, batch by batch. */
    private <W, R> PairDStreamView<K, R> keyed(String operator, PairDStream<K, W> other,
                                               BiFunction<PairDataset<K, V>, PairDataset<K, W>, PairDataset<K, R>> op) {
        return pairView(derive(operator, other, (Rdd<Pair<K, V>> a, Rdd<Pair<K, W>> b) ->
                DatasetImpl.rddOf(op.apply(pairDataset(a), pairDataset(b)), operator)));
    }

    @Override
    public PairDStream<K, V> reduceByKey(BinaryOperator<V> f) {
        return reduceByKey(f, defaultPartitions());
    }

    @Override
    public PairDStream<K, V> reduceByKey(BinaryOperator<V> f, int numTasks) {
        checkTasks("reduceByKey", numTasks);
        return keyed("reduceByKey", d -> d.reduceByKey(f, numTasks));
    }

    @Override
    public PairDStream<K, V> reduceByKey(BinaryOperator<V> f, Partitioner partitioner) {
        var p = CheckedPartitioner.of(partitioner, "reduceByKey");
        return keyed("reduceByKey", d -> d.reduceByKey(f, p));
    }

    @Override
    public PairDStream<K, List<V>> groupByKey(Partitioner partitioner) {
        var p = CheckedPartitioner.of(partitioner, "groupByKey");
        return keyed("groupByKey", d -> d.groupByKey(p));
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
        return keyed("combineByKey", d -> d.combineByKey(createCombiner, mergeValue, mergeCombiners, p));
    }

    @Override
    public PairDStream<K, List<V>> groupByKey() {
        return groupByKey(defaultPartitions());
    }

    @Override
    public PairDStream<K, List<V>> groupByKey(int numTasks) {
        checkTasks("groupByKey", numTasks);
        return keyed("groupByKey", d -> d.groupByKey(numTasks));
    }

    @Override
    public <C> PairDStream<K, C> combineByKey(Function<? super V, ? extends C> createCombiner,
                                              BiFunction<C, ? super V, C> mergeValue,
                                              BinaryOperator<C> mergeCombiners, int numTasks) {
        checkTasks("combineByKey", numTasks);
        return keyed("combineByKey", d -> d.combineByKey(createCombiner, mergeValue, mergeCombiners, numTasks));
    }

    @Override
    public <W> PairDStream<K, W> mapValues(Function<? super V, ? extends W> f) {
        return keyed("mapValues", d -> d.mapValues(f));
    }

    @Override
    public <W> PairDStream<K, W> flatMapValues(Function<? super V, ? extends Iterable<? extends W>> f) {
        return keyed("flatMapValues", d -> d.flatMapValues(f));
    }

    @Override
    public <W> PairDStream<K, Pair<V, W>> join(PairDStream<K, W> other) {
        return join(other, defaultPartitions());
    }

    @Override
    public <W> PairDStream<K, Pair<V, W>> join(PairDStream<K, W> other, int numTasks) {
        checkTasks("join", numTasks);
        return keyed("join", other, (a, b) -> a.join(b, numTasks));
    }

    @Override
    public <W> PairDStream<K, Pair<V, Optional<W>>> leftOuterJoin(PairDStream<K, W> other) {
        return leftOuterJoin(other, defaultPartitions());
    }

    @Override
    public <W> PairDStream<K, Pair<V, Optional<W>>> leftOuterJoin(PairDStream<K, W> other, int numTasks) {
        checkTasks("leftOuterJoin", numTasks);
        return keyed("leftOuterJoin", other, (a, b) -> a.leftOuterJoin(b, numTasks));
    }

    @Override
    public <W> PairDStream<K, Pair<Optional<V>, W>> rightOuterJoin(PairDStream<K, W> other) {
        return rightOuterJoin(other, defaultPartitions());
    }

    @Override
    public <W> PairDStream<K, Pair<Optional<V>, W>> rightOuterJoin(PairDStream<K, W> other, int numTasks) {
        checkTasks("rightOuterJoin", numTasks);
        return keyed("rightOuterJoin", other, (a, b) -> a.rightOuterJoin(b, numTasks));
    }

    @Override
    public <W> PairDStream<K, Pair<Optional<V>, Optional<W>>> fullOuterJoin(PairDStream<K, W> other) {
        return fullOuterJoin(other, defaultPartitions());
    }

    @Override
    public <W> PairDStream<K, Pair<Optional<V>, Optional<W>>> fullOuterJoin(PairDStream<K, W> other, int numTasks) {
        checkTasks("fullOuterJoin", numTasks);
        return keyed("fullOuterJoin", other, (a, b) -> a.fullOuterJoin(b, numTasks));
    }

    @Override
    public <W> PairDStream<K, Pair<List<V>, List<W>>> cogroup(PairDStream<K, W> other) {
        return cogroup(other, defaultPartitions());
    }

    @Override
    public <W> PairDStream<K, Pair<List<V>, List<W>>> cogroup(PairDStream<K, W> other, int numTasks) {
        checkTasks("cogroup", numTasks);
        return keyed("cogroup", other, (a, b) -> a.cogroup(b, numTasks));
    }

    @Override
    public PairDStream<K, List<V>> groupByKeyAndWindow(Duration window, Duration slide) {
        return groupByKeyAndWindow(window, slide, defaultPartitions());
    }

    @Override
    public PairDStream<K, List<V>> groupByKeyAndWindow(Duration window, Duration slide, int numTasks) {
        return window(window, slide).groupByKey(numTasks);
    }

    @Override
    public PairDStream<K, List<V>> groupByKeyAndWindow(Duration window, Duration slide, Partitioner partitioner) {
        return window(window, slide).groupByKey(partitioner);
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
        return reduceByKey(f, p).window(window, slide).reduceByKey(f, p);
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
        return reduceByKey(f, numTasks).window(window, slide).reduceByKey(f, numTasks);
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
        return pairView(new StateNode<>(graph(), node, update, numTasks));
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
        return pairView(new StateNode<K, V, S>(graph(), node, update, partitioner, initialState));
    }

    @Override
    public void foreachPairs(Consumer<PairDataset<K, V>> action) {
        foreachPairs((batch, time) -> action.accept(batch));
    }

    @Override
    public void foreachPairs(BiConsumer<PairDataset<K, V>, Time> action) {
        graph().addOutput(node, new FunctionOutput<Pair<K, V>>((batch, time) ->
                action.accept(pairDataset(DatasetImpl.rddOf(batch, "foreachPairs")), time)), "foreach");
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
        return pairView(derive("filter", rdd -> new PipelinedRdd<>(rdd, Stage.filter(p))));
    }

    @Override
    public PairDStream<K, V> repartition(int numPartitions) {
        checkPartitions("repartition", numPartitions);
        return pairView(derive("repartition", rdd -> new RepartitionedRdd<>(rdd, numPartitions)));
    }

    @Override
    public PairDStream<K, V> coalesce(int numPartitions) {
        checkPartitions("coalesce", numPartitions);
        return pairView(derive("coalesce", rdd -> new CoalescedRdd<>(rdd, numPartitions)));
    }

    @Override
    public PairDStream<K, V> union(PairDStream<K, V> other) {
        return pairView(derive("union", other, (a, b) -> new UnionRdd<>(List.of(a, b))));
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
