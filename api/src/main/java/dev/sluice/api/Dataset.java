package dev.sluice.api;

import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One batch of a DStream: an immutable, partitioned collection (the spec's RDD). Transformations
 * are lazy and return new datasets; actions ({@link #count}, {@link #collect}, {@link #take},
 * {@link #forEach}, {@link #reduce}, {@link #countByValue}) compute on the worker pool. A dataset
 * handed to an output operation or a transform function is valid during that call; make your own
 * with {@link StreamingContext#parallelize}.
 */
@ProviderType
public interface Dataset<T> {

    int numPartitions();

    long count();

    boolean isEmpty();

    /** All elements, partition by partition. */
    List<T> collect();

    /** The first {@code n} elements, computing only as many partitions as needed. */
    List<T> take(int n);

    /** The first element; {@link java.util.NoSuchElementException} for an empty dataset. */
    T first();

    /** The {@code n} largest elements by {@code comparator}, largest first. */
    List<T> top(int n, Comparator<? super T> comparator);

    /** The {@code n} largest elements in their natural order (they must be {@link Comparable}; null is smallest), largest first. */
    List<T> top(int n);

    /** The {@code n} smallest elements by {@code comparator}, smallest first. */
    List<T> takeOrdered(int n, Comparator<? super T> comparator);

    /** The {@code n} smallest elements in their natural order, smallest first. */
    List<T> takeOrdered(int n);

    /** Calls {@code action} for every element; partitions run in parallel. */
    void forEach(Consumer<? super T> action);

    /** All elements combined with {@code f} (associative); empty for an empty dataset. */
    Optional<T> reduce(BinaryOperator<T> f);

    /** How often each distinct element occurs. */
    Map<T, Long> countByValue();

    <U> Dataset<U> map(Function<? super T, ? extends U> f);

    <U> Dataset<U> flatMap(Function<? super T, ? extends Iterable<? extends U>> f);

    Dataset<T> filter(Predicate<? super T> p);

    /** Runs {@code f} once per partition over an iterator of its elements. */
    <U> Dataset<U> mapPartitions(Function<? super Iterator<T>, ? extends Iterator<? extends U>> f);

    <K, V> PairDataset<K, V> mapToPair(Function<? super T, Pair<K, V>> f);

    /** The same elements in exactly {@code numPartitions} partitions of near-equal size, through a shuffle. */
    Dataset<T> repartition(int numPartitions);

    /** The same elements in at most {@code numPartitions} partitions, joining neighbouring ones. */
    Dataset<T> coalesce(int numPartitions);

    /** The elements of both datasets (duplicates kept). */
    Dataset<T> union(Dataset<T> other);

    /**
     * The elements ordered by {@code key}, in {@code numPartitions} ranges: partition by partition
     * ({@link #collect}, {@link #take}) they come in order. Null keys come first.
     */
    <S extends Comparable<? super S>> Dataset<T> sortBy(Function<? super T, ? extends S> key, boolean ascending,
                                                        int numPartitions);

    /** Each distinct element once (by {@code equals}), through a shuffle. */
    Dataset<T> distinct();

    Dataset<T> distinct(int numPartitions);

    /** One list per partition: that partition's elements, in order. */
    Dataset<List<T>> glom();

    /** Each element with its index: partition by partition, in order within each, from 0. */
    PairDataset<T, Long> zipWithIndex();

    /** The elements not in {@code other}, each as often as it occurs here. */
    Dataset<T> subtract(Dataset<T> other);

    Dataset<T> subtract(Dataset<T> other, int numPartitions);

    /** The distinct elements that are in both datasets. */
    Dataset<T> intersection(Dataset<T> other);

    Dataset<T> intersection(Dataset<T> other, int numPartitions);

    /** Every pair of an element of this dataset and one of {@code other}. */
    <U> PairDataset<T, U> cartesian(Dataset<U> other);

    /**
     * A random sample: without replacement each element is kept with probability {@code fraction}
     * (in [0, 1]); with replacement each element occurs a Poisson-distributed number of times with
     * mean {@code fraction} (at least 0). The same seed gives the same sample of the same data.
     */
    Dataset<T> sample(boolean withReplacement, double fraction, long seed);

    /** As {@link #sample(boolean, double, long)} with a random seed. */
    Dataset<T> sample(boolean withReplacement, double fraction);

    /**
     * Computes this dataset once and keeps its partitions for further actions and transformations,
     * as objects in memory ({@link StorageLevel#MEMORY_ONLY}).
     */
    Dataset<T> cache();

    /** Computes this dataset once and keeps its partitions at the given level. */
    Dataset<T> persist(StorageLevel level);
}
