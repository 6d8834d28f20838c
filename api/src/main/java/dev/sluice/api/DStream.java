package dev.sluice.api;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A discretized stream: a sequence of {@link Dataset}s, one per batch. Transformations are lazy
 * and build the graph; output operations ({@link #print()}, {@link #foreach}, {@link #to})
 * register what runs every batch once the context is started.
 */
@ProviderType
public interface DStream<T> {

    <U> DStream<U> map(Function<? super T, ? extends U> f);

    /** Each element becomes zero or more elements. */
    <U> DStream<U> flatMap(Function<? super T, ? extends Iterable<? extends U>> f);

    DStream<T> filter(Predicate<? super T> p);

    /** Runs {@code f} once per partition (block) of each batch, over an iterator of its elements. */
    <U> DStream<U> mapPartitions(Function<? super Iterator<T>, ? extends Iterator<? extends U>> f);

    <K, V> PairDStream<K, V> mapToPair(Function<? super T, Pair<K, V>> f);

    /** Each element becomes zero or more pairs. */
    <K, V> PairDStream<K, V> flatMapToPair(Function<? super T, ? extends Iterable<Pair<K, V>>> f);

    /** As {@link #mapPartitions}, making pairs. */
    <K, V> PairDStream<K, V> mapPartitionsToPair(Function<? super Iterator<T>, ? extends Iterator<Pair<K, V>>> f);

    /** Every batch holds one list per partition of this stream's batch: that partition's elements, in order. */
    DStream<List<T>> glom();

    /** Every batch holds the elements of this stream's and {@code other}'s batch of the same time. */
    DStream<T> union(DStream<T> other);

    /** Every batch holds one element: the number of elements in this stream's batch. */
    DStream<Long> count();

    /** Every batch holds one element, this stream's batch combined with {@code f} (associative); none if empty. */
    DStream<T> reduce(BinaryOperator<T> f);

    /** Every batch holds each distinct element of this stream's batch with its count. */
    PairDStream<T, Long> countByValue();

    PairDStream<T, Long> countByValue(int numTasks);

    /** Every batch is {@code f} applied to this stream's batch: any dataset operation, e.g. a join with static data. */
    <U> DStream<U> transform(Function<? super Dataset<T>, ? extends Dataset<U>> f);

    /** As {@link #transform(Function)}, with the batch time. */
    <U> DStream<U> transform(BiFunction<? super Dataset<T>, Time, ? extends Dataset<U>> f);

    <K, V> PairDStream<K, V> transformToPair(Function<? super Dataset<T>, ? extends PairDataset<K, V>> f);

    /** As {@link #transformToPair(Function)}, with the batch time. */
    <K, V> PairDStream<K, V> transformToPair(BiFunction<? super Dataset<T>, Time, ? extends PairDataset<K, V>> f);

    /** Every batch is {@code f} applied to the batches of this stream and {@code other} of the same time. */
    <U, R> DStream<R> transformWith(DStream<U> other,
                                    BiFunction<? super Dataset<T>, ? super Dataset<U>, ? extends Dataset<R>> f);

    /** As {@link #transformWith}, making pairs. */
    <U, K, V> PairDStream<K, V> transformWithToPair(
            DStream<U> other, BiFunction<? super Dataset<T>, ? super Dataset<U>, ? extends PairDataset<K, V>> f);

    /**
     * Every slide, the batches of the last {@code window} (the batches in (t - window, t]).
     * Both durations are multiples of this stream's slide (the batch interval for an input), and
     * the window a multiple of the slide. A window that holds no data is an empty batch.
     */
    DStream<T> window(Duration window, Duration slide);

    /** A window that slides with this stream. */
    DStream<T> window(Duration window);

    /**
     * Every slide, one element: the number of elements in the window, computed incrementally. As
     * in Spark Streaming, windows before the stream's first element have no element, and empty
     * windows after it have {@code 0}.
     */
    DStream<Long> countByWindow(Duration window, Duration slide);

    /** Every slide, the window's elements combined with {@code f} (associative); none for an empty window. */
    DStream<T> reduceByWindow(BinaryOperator<T> f, Duration window, Duration slide);

    /**
     * Incremental: each window's value is the previous one's with the entering batches combined in
     * by {@code f} and the leaving ones taken out by {@code inverse}. Windows before the stream's
     * first element have no element; once there was one, every window has one, an empty window
     * the value with everything taken out (e.g. {@code 0} for a sum).
     */
    DStream<T> reduceByWindow(BinaryOperator<T> f, BinaryOperator<T> inverse, Duration window, Duration slide);

    /** Every slide, each distinct element of the window with its count, computed incrementally. */
    PairDStream<T, Long> countByValueAndWindow(Duration window, Duration slide);

    PairDStream<T, Long> countByValueAndWindow(Duration window, Duration slide, int numTasks);

    /** A window that slides with this stream. */
    PairDStream<T, Long> countByValueAndWindow(Duration window);

    /** Each batch in exactly {@code numPartitions} partitions of near-equal size, through a shuffle. */
    DStream<T> repartition(int numPartitions);

    /**
     * Each batch in at most {@code numPartitions} partitions, by joining neighbouring ones without
     * a shuffle: e.g. to write fewer, larger files per batch.
     */
    DStream<T> coalesce(int numPartitions);

    /**
     * Keeps each batch of this stream once computed, for a stream used several times, serialized
     * in memory ({@link StorageLevel#MEMORY_ONLY_SER}) as the spec says.
     */
    DStream<T> persist();

    /** Keeps each batch of this stream once computed, at the given level. */
    DStream<T> persist(StorageLevel level);

    /** The same as {@link #persist()}. */
    DStream<T> cache();

    /**
     * The batches of this stream with times in [from, to] that are still kept (see
     * {@link StreamingContext#remember}), oldest first.
     */
    List<Dataset<T>> slice(Time from, Time to);

    /** How often this stream's data is checkpointed; a multiple of its slide duration. */
    DStream<T> checkpoint(Duration interval);

    /**
     * Names this operator; the name is what state and checkpoints are bound to, so a
     * changed application recovers as long as its named operators are still there.
     */
    DStream<T> name(String name);

    /**
     * Applies the operator plugin of type {@code operatorType}, set up by {@code config}: the stream
     * its stages produce. The stage is named by the {@code name} key of {@code config}, else by its
     * type; the streams it adds are named under it, so their state is bound to stable names. A
     * missing plugin is refused with the installed operator types; in the container the stream waits
     * for it.
     */
    <U> DStream<U> via(String operatorType, Config config);

    /** {@link #via} for an operator that produces pairs, with the keyed operations on them. */
    <K, V> PairDStream<K, V> viaPairs(String operatorType, Config config);

    /** Prints the first ten elements of every batch, as the spec shows. */
    default void print() {
        print(10);
    }

    /** Prints the first {@code num} elements of every batch, then a line {@code ...} if the batch holds more. */
    void print(int num);

    /** Calls {@code action} once per batch with that batch's data. */
    void foreach(Consumer<Dataset<T>> action);

    /** Calls {@code action} once per batch with that batch's data and time. */
    void foreach(BiConsumer<Dataset<T>, Time> action);

    /**
     * Writes each batch as the directory {@code prefix-TIME_IN_MS}: one {@code part-NNNNN} file
     * per partition with one element per line ({@code toString()}), and a {@code _SUCCESS} marker.
     * The prefix is a Hadoop file system path or URI ({@code file:}, {@code hdfs:}). A batch's
     * directory appears whole, by one rename, and a batch written again replaces it. Needs the
     * {@code text-files} sink plugin.
     */
    default void saveAsTextFiles(String prefix) {
        saveAsTextFiles(prefix, null);
    }

    /** As {@link #saveAsTextFiles(String)}, naming each batch {@code prefix-TIME_IN_MS.suffix}; a null suffix adds none. */
    default void saveAsTextFiles(String prefix, String suffix) {
        to(TEXT_FILES, FileOutput.config(prefix, suffix));
    }

    /**
     * Writes each batch like {@link #saveAsTextFiles(String)}, each part a Hadoop SequenceFile of
     * the elements serialized with Kryo; {@code StreamingContext.objectFile} and
     * {@code objectFileStream} read them back. Needs the {@code object-files} sink plugin.
     */
    default void saveAsObjectFiles(String prefix) {
        saveAsObjectFiles(prefix, null);
    }

    default void saveAsObjectFiles(String prefix, String suffix) {
        to(OBJECT_FILES, FileOutput.config(prefix, suffix));
    }

    /** The sink type of {@link #saveAsTextFiles}. */
    String TEXT_FILES = "text-files";

    /** The sink type of {@link #saveAsObjectFiles}. */
    String OBJECT_FILES = "object-files";

    /** Hands every batch to the sink plugin of type {@code sinkType}. */
    void to(String sinkType, Config config);

    default void to(String sinkType, Map<String, ?> config) {
        to(sinkType, Config.of(config));
    }

    StreamingContext context();
}
