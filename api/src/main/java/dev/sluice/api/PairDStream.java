package dev.sluice.api;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Predicate;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A DStream of key-value pairs, with the keyed operations of the spec, applied batch by batch.
 * Operations that shuffle take an optional {@code numTasks}, the number of partitions; without it
 * they use the context's default parallelism ({@code defaultParallelism}).
 */
@ProviderType
public interface PairDStream<K, V> extends DStream<Pair<K, V>> {

    /** Reduces the values of each key with {@code f} (associative), combining map-side first. */
    PairDStream<K, V> reduceByKey(BinaryOperator<V> f);

    PairDStream<K, V> reduceByKey(BinaryOperator<V> f, int numTasks);

    PairDStream<K, List<V>> groupByKey();

    PairDStream<K, List<V>> groupByKey(int numTasks);

    <C> PairDStream<K, C> combineByKey(Function<? super V, ? extends C> createCombiner,
                                       BiFunction<C, ? super V, C> mergeValue,
                                       BinaryOperator<C> mergeCombiners, int numTasks);

    <W> PairDStream<K, W> mapValues(Function<? super V, ? extends W> f);

    <W> PairDStream<K, W> flatMapValues(Function<? super V, ? extends Iterable<? extends W>> f);

    <W> PairDStream<K, Pair<V, W>> join(PairDStream<K, W> other);

    <W> PairDStream<K, Pair<V, W>> join(PairDStream<K, W> other, int numTasks);

    <W> PairDStream<K, Pair<V, Optional<W>>> leftOuterJoin(PairDStream<K, W> other);

    <W> PairDStream<K, Pair<V, Optional<W>>> leftOuterJoin(PairDStream<K, W> other, int numTasks);

    <W> PairDStream<K, Pair<Optional<V>, W>> rightOuterJoin(PairDStream<K, W> other);

    <W> PairDStream<K, Pair<Optional<V>, W>> rightOuterJoin(PairDStream<K, W> other, int numTasks);

    <W> PairDStream<K, Pair<Optional<V>, Optional<W>>> fullOuterJoin(PairDStream<K, W> other);

    <W> PairDStream<K, Pair<Optional<V>, Optional<W>>> fullOuterJoin(PairDStream<K, W> other, int numTasks);

    <W> PairDStream<K, Pair<List<V>, List<W>>> cogroup(PairDStream<K, W> other);

    <W> PairDStream<K, Pair<List<V>, List<W>>> cogroup(PairDStream<K, W> other, int numTasks);

    @Override
    PairDStream<K, V> filter(Predicate<? super Pair<K, V>> p);

    PairDStream<K, V> union(PairDStream<K, V> other);

    @Override
    PairDStream<K, V> name(String name);
}
