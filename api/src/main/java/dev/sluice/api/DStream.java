package dev.sluice.api;

import java.util.Map;
import java.util.function.BiConsumer;
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

    <K, V> PairDStream<K, V> mapToPair(Function<? super T, Pair<K, V>> f);

    /**
     * Names this operator; the name is what state and checkpoints are bound to, so a
     * changed application recovers as long as its named operators are still there.
     */
    DStream<T> name(String name);

    /** Prints the first ten elements of every batch, as the spec shows. */
    default void print() {
        print(10);
    }

    /** Prints the first {@code num} elements of every batch. */
    void print(int num);

    /** Calls {@code action} once per batch with that batch's data. */
    void foreach(Consumer<Dataset<T>> action);

    /** Calls {@code action} once per batch with that batch's data and time. */
    void foreach(BiConsumer<Dataset<T>, Time> action);

    /** Hands every batch to the sink plugin of type {@code sinkType}. */
    void to(String sinkType, Config config);

    default void to(String sinkType, Map<String, ?> config) {
        to(sinkType, Config.of(config));
    }

    StreamingContext context();
}
