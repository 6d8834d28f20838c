package dev.sluice.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
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

    PairDStream<K, V> reduceByKey(BinaryOperator<V> f, Partitioner partitioner);

    PairDStream<K, List<V>> groupByKey();

    PairDStream<K, List<V>> groupByKey(int numTasks);

    PairDStream<K, List<V>> groupByKey(Partitioner partitioner);

    /** Per key: the first value makes a combiner, later values merge into it, combiners from partitions merge. */
    <C> PairDStream<K, C> combineByKey(Function<? super V, ? extends C> createCombiner,
                                       BiFunction<C, ? super V, C> mergeValue,
                                       BinaryOperator<C> mergeCombiners);

    <C> PairDStream<K, C> combineByKey(Function<? super V, ? extends C> createCombiner,
                                       BiFunction<C, ? super V, C> mergeValue,
                                       BinaryOperator<C> mergeCombiners, int numTasks);

    <C> PairDStream<K, C> combineByKey(Function<? super V, ? extends C> createCombiner,
                                       BiFunction<C, ? super V, C> mergeValue,
                                       BinaryOperator<C> mergeCombiners, Partitioner partitioner);

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

    PairDStream<K, List<V>> groupByKeyAndWindow(Duration window, Duration slide);

    PairDStream<K, List<V>> groupByKeyAndWindow(Duration window, Duration slide, int numTasks);

    PairDStream<K, List<V>> groupByKeyAndWindow(Duration window, Duration slide, Partitioner partitioner);

    /** A window that slides with this stream. */
    PairDStream<K, List<V>> groupByKeyAndWindow(Duration window);

    /** A window that slides with this stream. */
    PairDStream<K, V> reduceByKeyAndWindow(BinaryOperator<V> f, Duration window);

    /** Every slide, the values of each key over the window reduced with {@code f}. */
    PairDStream<K, V> reduceByKeyAndWindow(BinaryOperator<V> f, Duration window, Duration slide);

    PairDStream<K, V> reduceByKeyAndWindow(BinaryOperator<V> f, Duration window, Duration slide, int numTasks);

    PairDStream<K, V> reduceByKeyAndWindow(BinaryOperator<V> f, Duration window, Duration slide,
                                           Partitioner partitioner);

    /**
     * Incremental: each window is the previous one with the entering batches reduced in by {@code f}
     * and the leaving ones taken out by {@code inverse}. Keys whose value fell to the neutral value
     * stay, with that value, unless {@code keep} drops them.
     */
    PairDStream<K, V> reduceByKeyAndWindow(BinaryOperator<V> f, BinaryOperator<V> inverse,
                                           Duration window, Duration slide);

    PairDStream<K, V> reduceByKeyAndWindow(BinaryOperator<V> f, BinaryOperator<V> inverse,
                                           Duration window, Duration slide, int numTasks,
                                           Predicate<? super Pair<K, V>> keep);

    PairDStream<K, V> reduceByKeyAndWindow(BinaryOperator<V> f, BinaryOperator<V> inverse,
                                           Duration window, Duration slide, Partitioner partitioner,
                                           Predicate<? super Pair<K, V>> keep);

    /**
     * A state per key, kept across batches: every batch calls {@code update} for every key that has
     * state or new values (with an empty list when none came) and its current state; returning empty
     * removes the key. Every batch holds every key that has state.
     */
    <S> PairDStream<K, S> updateStateByKey(BiFunction<? super List<V>, ? super Optional<S>, Optional<S>> update);

    <S> PairDStream<K, S> updateStateByKey(BiFunction<? super List<V>, ? super Optional<S>, Optional<S>> update,
                                           int numTasks);

    /** The state partitioned by {@code partitioner}. */
    <S> PairDStream<K, S> updateStateByKey(BiFunction<? super List<V>, ? super Optional<S>, Optional<S>> update,
                                           Partitioner partitioner);

    /**
     * The stream's first batch starts from {@code initialState} (e.g. made with
     * {@code StreamingContext.parallelizePairs}) instead of from no state; one state per key.
     */
    <S> PairDStream<K, S> updateStateByKey(BiFunction<? super List<V>, ? super Optional<S>, Optional<S>> update,
                                           int numTasks, PairDataset<K, S> initialState);

    <S> PairDStream<K, S> updateStateByKey(BiFunction<? super List<V>, ? super Optional<S>, Optional<S>> update,
                                           Partitioner partitioner, PairDataset<K, S> initialState);

    /**
     * A state per key, touched only where needed: the spec's function is called for each new value
     * of a key and for each key timing out; untouched keys cost nothing. Much faster than
     * {@link #updateStateByKey} on large state.
     */
    <S, M> MapWithStateDStream<K, V, S, M> mapWithState(StateSpec<K, V, S, M> spec);

    /** As {@link #foreach(Consumer)}, each batch as a dataset of pairs with the keyed operations. */
    void foreachPairs(Consumer<PairDataset<K, V>> action);

    /** As {@link #foreach(BiConsumer)}, each batch as a dataset of pairs with the keyed operations. */
    void foreachPairs(BiConsumer<PairDataset<K, V>, Time> action);

    @Override
    PairDStream<K, V> window(Duration window, Duration slide);

    @Override
    PairDStream<K, V> window(Duration window);

    @Override
    PairDStream<K, V> repartition(int numPartitions);

    @Override
    PairDStream<K, V> coalesce(int numPartitions);

    /**
     * Writes each batch like {@link #saveAsTextFiles(String)} with a Hadoop {@code OutputFormat}:
     * a {@code SequenceFile} of the keys and values as Writables (text when they have no Writable
     * form), readable by plain Hadoop tools. Needs the {@code hadoop-files} sink plugin.
     */
    default void saveAsHadoopFiles(String prefix, String suffix) {
        to(HADOOP_FILES, FileOutput.config(prefix, suffix));
    }

    /**
     * As {@link #saveAsHadoopFiles(String, String)} with the given key, value and old-API
     * ({@code org.apache.hadoop.mapred}) output format classes.
     */
    default void saveAsHadoopFiles(String prefix, String suffix, Class<?> keyClass, Class<?> valueClass,
                                   Class<?> outputFormatClass) {
        to(HADOOP_FILES, FileOutput.config(prefix, suffix).with("api", "mapred").withObject("keyClass", keyClass)
                .withObject("valueClass", valueClass).withObject("outputFormat", outputFormatClass));
    }

    /** As {@link #saveAsHadoopFiles(String, String, Class, Class, Class)} with a new-API ({@code mapreduce}) output format. */
    default void saveAsNewAPIHadoopFiles(String prefix, String suffix, Class<?> keyClass, Class<?> valueClass,
                                         Class<?> outputFormatClass) {
        to(HADOOP_FILES, FileOutput.config(prefix, suffix).with("api", "mapreduce").withObject("keyClass", keyClass)
                .withObject("valueClass", valueClass).withObject("outputFormat", outputFormatClass));
    }

    /** The sink type of {@link #saveAsHadoopFiles}. */
    String HADOOP_FILES = "hadoop-files";

    @Override
    PairDStream<K, V> persist();

    @Override
    PairDStream<K, V> persist(StorageLevel level);

    @Override
    PairDStream<K, V> cache();

    @Override
    PairDStream<K, V> checkpoint(Duration interval);

    @Override
    PairDStream<K, V> filter(Predicate<? super Pair<K, V>> p);

    PairDStream<K, V> union(PairDStream<K, V> other);

    @Override
    PairDStream<K, V> name(String name);
}
