package dev.sluice.runtime.internal.exec;

import dev.sluice.api.StorageLevel;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Predicate;
import dev.sluice.api.Dataset;
import dev.sluice.api.Pair;
import dev.sluice.api.PairDataset;
import dev.sluice.api.Partitioner;

/** The keyed operations of a dataset of pairs; joins are cogroups flattened. */
public final class PairDatasetImpl<K, V> extends DatasetImpl<Pair<K, V>> implements PairDataset<K, V> {

    public PairDatasetImpl(Rdd<Pair<K, V>> rdd, Execution execution) {
        super(rdd, execution);
    }

    private int defaultPartitions() {
        return execution.defaultPartitions();
    }

    @Override
    public PairDataset<K, V> reduceByKey(BinaryOperator<V> f) {
        return reduceByKey(f, defaultPartitions());
    }

    @Override
    public PairDataset<K, V> reduceByKey(BinaryOperator<V> f, int numTasks) {
        return wrapPairs(new ShuffledRdd<>(rdd, Aggregator.reducing(f), numTasks));
    }

    @Override
    public PairDataset<K, V> reduceByKey(BinaryOperator<V> f, Partitioner partitioner) {
        return wrapPairs(new ShuffledRdd<>(rdd, Aggregator.reducing(f), CheckedPartitioner.of(partitioner, "reduceByKey")));
    }

    @Override
    public PairDataset<K, List<V>> groupByKey(Partitioner partitioner) {
        return wrapPairs(new ShuffledRdd<>(rdd, Aggregator.grouping(), CheckedPartitioner.of(partitioner, "groupByKey")));
    }

    @Override
    public <C> PairDataset<K, C> combineByKey(Function<? super V, ? extends C> createCombiner,
                                              BiFunction<C, ? super V, C> mergeValue,
                                              BinaryOperator<C> mergeCombiners, Partitioner partitioner) {
        return wrapPairs(new ShuffledRdd<>(rdd, Aggregator.combining(createCombiner, mergeValue, mergeCombiners),
                CheckedPartitioner.of(partitioner, "combineByKey")));
    }

    @Override
    public PairDataset<K, V> partitionBy(Partitioner partitioner) {
        // grouped to move the pairs, then flattened again: every pair is kept, duplicates included
        return wrapPairs(new PipelinedRdd<>(new ShuffledRdd<>(rdd, Aggregator.<V>grouping(),
                CheckedPartitioner.of(partitioner, "partitionBy")), Stage.ungrouped()));
    }

    @Override
    public PairDataset<K, List<V>> groupByKey() {
        return groupByKey(defaultPartitions());
    }

    @Override
    public PairDataset<K, List<V>> groupByKey(int numTasks) {
        return wrapPairs(new ShuffledRdd<>(rdd, Aggregator.grouping(), numTasks));
    }

    @Override
    public <C> PairDataset<K, C> combineByKey(Function<? super V, ? extends C> createCombiner,
                                              BiFunction<C, ? super V, C> mergeValue,
                                              BinaryOperator<C> mergeCombiners, int numTasks) {
        return wrapPairs(new ShuffledRdd<>(rdd, Aggregator.combining(createCombiner, mergeValue, mergeCombiners),
                numTasks));
    }

    @Override
    public <U> PairDataset<K, U> aggregateByKey(U zero, BiFunction<U, ? super V, U> seqOp, BinaryOperator<U> combOp) {
        return aggregateByKey(zero, defaultPartitions(), seqOp, combOp);
    }

    @Override
    public <U> PairDataset<K, U> aggregateByKey(U zero, int numTasks, BiFunction<U, ? super V, U> seqOp,
                                                BinaryOperator<U> combOp) {
        return combineByKey(v -> seqOp.apply(zero, v), seqOp, combOp, positive(numTasks));
    }

    @Override
    public PairDataset<K, V> foldByKey(V zero, BinaryOperator<V> f) {
        return foldByKey(zero, defaultPartitions(), f);
    }

    @Override
    public PairDataset<K, V> foldByKey(V zero, int numTasks, BinaryOperator<V> f) {
        return aggregateByKey(zero, numTasks, f, f);
    }

    @Override
    public PairDataset<K, V> sortByKey() {
        return sortByKey(true);
    }

    @Override
    public PairDataset<K, V> sortByKey(boolean ascending) {
        return sortByKey(ascending, Math.max(1, numPartitions()));
    }

    @Override
    public PairDataset<K, V> sortByKey(boolean ascending, int numPartitions) {
        return sortByKey(NaturalOrder.of("sortByKey"), ascending, numPartitions);
    }

    @Override
    public PairDataset<K, V> sortByKey(Comparator<? super K> comparator, boolean ascending, int numPartitions) {
        Comparator<Pair<K, V>> order = (a, b) -> comparator.compare(a.key(), b.key());
        return wrapPairs(new SortedRdd<>(rdd, ascending ? order : order.reversed(), numPartitions));
    }

    @Override
    public Dataset<K> keys() {
        return wrap(new PipelinedRdd<>(rdd, Stage.map(Pair::key)));
    }

    @Override
    public Dataset<V> values() {
        return wrap(new PipelinedRdd<>(rdd, Stage.map(Pair::value)));
    }

    @Override
    public <W> PairDataset<K, V> subtractByKey(PairDataset<K, W> other) {
        return subtractByKey(other, defaultPartitions());
    }

    @Override
    public <W> PairDataset<K, V> subtractByKey(PairDataset<K, W> other, int numTasks) {
        var cogrouped = new CoGroupedRdd<>(rdd, rddOf(other, "subtractByKey"), positive(numTasks));
        return wrapPairs(new PipelinedRdd<Pair<K, Pair<List<V>, List<W>>>, Pair<K, V>>(cogrouped, out -> p -> {
            if (p.value().value().isEmpty()) {
                p.value().key().forEach(v -> out.accept(Pair.of(p.key(), v)));
            }
        }));
    }

    @Override
    public Map<K, Long> countByKey() {
        var counts = new HashMap<K, Long>();
        mapValues(v -> 1L).reduceByKey(Long::sum).collect().forEach(p -> counts.put(p.key(), p.value()));
        return counts;
    }

    @Override
    public List<V> lookup(K key) {
        return filter(p -> Objects.equals(p.key(), key)).values().collect();
    }

    @Override
    public Map<K, V> collectAsMap() {
        var map = new HashMap<K, V>();
        collect().forEach(p -> map.put(p.key(), p.value()));
        return map;
    }

    @Override
    public PairDataset<K, V> distinct() {
        return wrapPairs(rddOf(super.distinct(), "distinct"));
    }

    @Override
    public PairDataset<K, V> distinct(int numPartitions) {
        return wrapPairs(rddOf(super.distinct(numPartitions), "distinct"));
    }

    @Override
    public PairDataset<K, V> subtract(Dataset<Pair<K, V>> other) {
        return wrapPairs(rddOf(super.subtract(other), "subtract"));
    }

    @Override
    public PairDataset<K, V> subtract(Dataset<Pair<K, V>> other, int numPartitions) {
        return wrapPairs(rddOf(super.subtract(other, numPartitions), "subtract"));
    }

    @Override
    public PairDataset<K, V> intersection(Dataset<Pair<K, V>> other) {
        return wrapPairs(rddOf(super.intersection(other), "intersection"));
    }

    @Override
    public PairDataset<K, V> intersection(Dataset<Pair<K, V>> other, int numPartitions) {
        return wrapPairs(rddOf(super.intersection(other, numPartitions), "intersection"));
    }

    @Override
    public PairDataset<K, V> sample(boolean withReplacement, double fraction, long seed) {
        return wrapPairs(rddOf(super.sample(withReplacement, fraction, seed), "sample"));
    }

    @Override
    public PairDataset<K, V> sample(boolean withReplacement, double fraction) {
        return wrapPairs(rddOf(super.sample(withReplacement, fraction), "sample"));
    }

    @Override
    public <W> PairDataset<K, W> mapValues(Function<? super V, ? extends W> f) {
        return wrapPairs(new PipelinedRdd<>(rdd, Stage.map(p -> Pair.of(p.key(), f.apply(p.value())))));
    }

    @Override
    public <W> PairDataset<K, W> flatMapValues(Function<? super V, ? extends Iterable<? extends W>> f) {
        return wrapPairs(new PipelinedRdd<Pair<K, V>, Pair<K, W>>(rdd, out -> p -> {
            for (W w : f.apply(p.value())) {
                out.accept(Pair.of(p.key(), w));
            }
        }));
    }

    @Override
    public <W> PairDataset<K, Pair<List<V>, List<W>>> cogroup(PairDataset<K, W> other) {
        return cogroup(other, defaultPartitions());
    }

    @Override
    public <W> PairDataset<K, Pair<List<V>, List<W>>> cogroup(PairDataset<K, W> other, int numTasks) {
        return wrapPairs(new CoGroupedRdd<>(rdd, rddOf(other, "cogroup"), numTasks));
    }

    @Override
    public <W> PairDataset<K, Pair<V, W>> join(PairDataset<K, W> other) {
        return join(other, defaultPartitions());
    }

    @Override
    public <W> PairDataset<K, Pair<V, W>> join(PairDataset<K, W> other, int numTasks) {
        return joined(other, numTasks, Joins.inner());
    }

    @Override
    public <W> PairDataset<K, Pair<V, Optional<W>>> leftOuterJoin(PairDataset<K, W> other) {
        return leftOuterJoin(other, defaultPartitions());
    }

    @Override
    public <W> PairDataset<K, Pair<V, Optional<W>>> leftOuterJoin(PairDataset<K, W> other, int numTasks) {
        return joined(other, numTasks, Joins.leftOuter());
    }

    @Override
    public <W> PairDataset<K, Pair<Optional<V>, W>> rightOuterJoin(PairDataset<K, W> other) {
        return rightOuterJoin(other, defaultPartitions());
    }

    @Override
    public <W> PairDataset<K, Pair<Optional<V>, W>> rightOuterJoin(PairDataset<K, W> other, int numTasks) {
        return joined(other, numTasks, Joins.rightOuter());
    }

    @Override
    public <W> PairDataset<K, Pair<Optional<V>, Optional<W>>> fullOuterJoin(PairDataset<K, W> other) {
        return fullOuterJoin(other, defaultPartitions());
    }

    @Override
    public <W> PairDataset<K, Pair<Optional<V>, Optional<W>>> fullOuterJoin(PairDataset<K, W> other, int numTasks) {
        return joined(other, numTasks, Joins.fullOuter());
    }

    private <W, R> PairDataset<K, R> joined(PairDataset<K, W> other, int numTasks, Joins.Join<V, W, R> join) {
        var cogrouped = new CoGroupedRdd<>(rdd, rddOf(other, "join"), numTasks);
        return wrapPairs(new PipelinedRdd<>(cogrouped, join.stage()));
    }

    @Override
    public PairDataset<K, V> filter(Predicate<? super Pair<K, V>> p) {
        return wrapPairs(new PipelinedRdd<>(rdd, Stage.filter(p)));
    }

    @Override
    public PairDataset<K, V> union(PairDataset<K, V> other) {
        return wrapPairs(new UnionRdd<>(List.of(rdd, rddOf(other, "union"))));
    }

    @Override
    public PairDataset<K, V> repartition(int numPartitions) {
        return wrapPairs(new RepartitionedRdd<>(rdd, positive(numPartitions)));
    }

    @Override
    public PairDataset<K, V> coalesce(int numPartitions) {
        return wrapPairs(new CoalescedRdd<>(rdd, positive(numPartitions)));
    }

    @Override
    public PairDataset<K, V> cache() {
        return persist(StorageLevel.MEMORY_ONLY);
    }

    @Override
    public PairDataset<K, V> persist(StorageLevel level) {
        return wrapPairs(new CachedRdd<>(rdd, execution.blocks(), validLevel(level)));
    }
}
