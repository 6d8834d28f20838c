package dev.sluice.api;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A dataset of key-value pairs, with the keyed operations. Operations that shuffle take an
 * optional number of partitions ({@code numTasks}); without it they use the context's default
 * parallelism.
 */
@ProviderType
public interface PairDataset<K, V> extends Dataset<Pair<K, V>> {

    PairDataset<K, V> reduceByKey(BinaryOperator<V> f);

    PairDataset<K, V> reduceByKey(BinaryOperator<V> f, int numTasks);

    PairDataset<K, V> reduceByKey(BinaryOperator<V> f, Partitioner partitioner);

    PairDataset<K, List<V>> groupByKey();

    PairDataset<K, List<V>> groupByKey(int numTasks);

    PairDataset<K, List<V>> groupByKey(Partitioner partitioner);

    /** Per key: the first value makes a combiner, later values merge into it, combiners from partitions merge. */
    <C> PairDataset<K, C> combineByKey(Function<? super V, ? extends C> createCombiner,
                                       BiFunction<C, ? super V, C> mergeValue,
                                       BinaryOperator<C> mergeCombiners, int numTasks);

    <C> PairDataset<K, C> combineByKey(Function<? super V, ? extends C> createCombiner,
                                       BiFunction<C, ? super V, C> mergeValue,
                                       BinaryOperator<C> mergeCombiners, Partitioner partitioner);

    /** The same pairs, each key in the partition {@code partitioner} names. */
    PairDataset<K, V> partitionBy(Partitioner partitioner);

    /**
     * Per key: the values folded into a copy of {@code zero} with {@code seqOp} within each
     * partition, the partial results merged with {@code combOp}. {@code zero} is shared by every
     * key: use an immutable value (a number, an immutable collection).
     */
    <U> PairDataset<K, U> aggregateByKey(U zero, BiFunction<U, ? super V, U> seqOp, BinaryOperator<U> combOp);

    <U> PairDataset<K, U> aggregateByKey(U zero, int numTasks, BiFunction<U, ? super V, U> seqOp,
                                         BinaryOperator<U> combOp);

    /** Per key: the values folded with {@code f} from {@code zero} (which {@code f} must leave a value unchanged by). */
    PairDataset<K, V> foldByKey(V zero, BinaryOperator<V> f);

    PairDataset<K, V> foldByKey(V zero, int numTasks, BinaryOperator<V> f);

    /** The pairs ordered by key in their natural order (keys must be {@link Comparable}; null first), ascending. */
    PairDataset<K, V> sortByKey();

    PairDataset<K, V> sortByKey(boolean ascending);

    PairDataset<K, V> sortByKey(boolean ascending, int numPartitions);

    /** The pairs ordered by key with {@code comparator}, in {@code numPartitions} ranges. */
    PairDataset<K, V> sortByKey(Comparator<? super K> comparator, boolean ascending, int numPartitions);

    Dataset<K> keys();

    Dataset<V> values();

    /** The pairs whose key is not in {@code other}. */
    <W> PairDataset<K, V> subtractByKey(PairDataset<K, W> other);

    <W> PairDataset<K, V> subtractByKey(PairDataset<K, W> other, int numTasks);

    /** How many pairs each key has. */
    Map<K, Long> countByKey();

    /** Every value of {@code key}. */
    List<V> lookup(K key);

    /** The pairs as a map; of several values of one key, one is kept. */
    Map<K, V> collectAsMap();

    <W> PairDataset<K, W> mapValues(Function<? super V, ? extends W> f);

    <W> PairDataset<K, W> flatMapValues(Function<? super V, ? extends Iterable<? extends W>> f);

    /** Every pair of values of keys in both datasets. */
    <W> PairDataset<K, Pair<V, W>> join(PairDataset<K, W> other);

    <W> PairDataset<K, Pair<V, W>> join(PairDataset<K, W> other, int numTasks);

    <W> PairDataset<K, Pair<V, Optional<W>>> leftOuterJoin(PairDataset<K, W> other);

    <W> PairDataset<K, Pair<V, Optional<W>>> leftOuterJoin(PairDataset<K, W> other, int numTasks);

    <W> PairDataset<K, Pair<Optional<V>, W>> rightOuterJoin(PairDataset<K, W> other);

    <W> PairDataset<K, Pair<Optional<V>, W>> rightOuterJoin(PairDataset<K, W> other, int numTasks);

    <W> PairDataset<K, Pair<Optional<V>, Optional<W>>> fullOuterJoin(PairDataset<K, W> other);

    <W> PairDataset<K, Pair<Optional<V>, Optional<W>>> fullOuterJoin(PairDataset<K, W> other, int numTasks);

    /** For every key in either dataset: all its values here and all its values there. */
    <W> PairDataset<K, Pair<List<V>, List<W>>> cogroup(PairDataset<K, W> other);

    <W> PairDataset<K, Pair<List<V>, List<W>>> cogroup(PairDataset<K, W> other, int numTasks);

    @Override
    PairDataset<K, V> filter(java.util.function.Predicate<? super Pair<K, V>> p);

    PairDataset<K, V> union(PairDataset<K, V> other);

    @Override
    PairDataset<K, V> distinct();

    @Override
    PairDataset<K, V> distinct(int numPartitions);

    @Override
    PairDataset<K, V> subtract(Dataset<Pair<K, V>> other);

    @Override
    PairDataset<K, V> subtract(Dataset<Pair<K, V>> other, int numPartitions);

    @Override
    PairDataset<K, V> intersection(Dataset<Pair<K, V>> other);

    @Override
    PairDataset<K, V> intersection(Dataset<Pair<K, V>> other, int numPartitions);

    @Override
    PairDataset<K, V> sample(boolean withReplacement, double fraction, long seed);

    @Override
    PairDataset<K, V> sample(boolean withReplacement, double fraction);

    @Override
    PairDataset<K, V> repartition(int numPartitions);

    @Override
    PairDataset<K, V> coalesce(int numPartitions);

    @Override
    PairDataset<K, V> cache();

    @Override
    PairDataset<K, V> persist(StorageLevel level);
}
