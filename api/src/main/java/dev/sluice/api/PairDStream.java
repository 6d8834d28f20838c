package dev.sluice.api;

import java.util.function.BinaryOperator;
import org.osgi.annotation.versioning.ProviderType;

/** A DStream of key-value pairs, with the keyed operations of the spec. */
@ProviderType
public interface PairDStream<K, V> extends DStream<Pair<K, V>> {

    /**
     * Reduces the values of each key with {@code f} (associative), combining map-side first,
     * into the context's default number of partitions.
     */
    PairDStream<K, V> reduceByKey(BinaryOperator<V> f);

    /** As {@link #reduceByKey(BinaryOperator)}, into {@code numTasks} hash partitions. */
    PairDStream<K, V> reduceByKey(BinaryOperator<V> f, int numTasks);

    @Override
    PairDStream<K, V> name(String name);
}
