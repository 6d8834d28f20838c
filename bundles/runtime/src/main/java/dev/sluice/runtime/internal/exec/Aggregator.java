package dev.sluice.runtime.internal.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * How a shuffle combines the values of a key: map tasks fold values into per-key combiners,
 * reduce tasks merge the combiners that different map tasks made for the same key.
 */
public abstract class Aggregator<V, C> {

    /** Folds {@code value} into the combiner {@code combiners} holds for {@code key}. */
    public abstract <K> void add(Map<K, C> combiners, K key, V value);

    public abstract C merge(C a, C b);

    /** reduceByKey's aggregator: the combiner is the reduced value itself (one map lookup per value). */
    public static <V> Aggregator<V, V> reducing(BinaryOperator<V> f) {
        return new Aggregator<>() {
            @Override
            public <K> void add(Map<K, V> combiners, K key, V value) {
                combiners.merge(key, value, f);
            }

            @Override
            public V merge(V a, V b) {
                return f.apply(a, b);
            }
        };
    }

    /** groupByKey's aggregator: every value of a key, in arrival order within a partition. */
    public static <V> Aggregator<V, List<V>> grouping() {
        return combining(v -> {
            var values = new ArrayList<V>();
            values.add(v);
            return values;
        }, (values, v) -> {
            values.add(v);
            return values;
        }, (a, b) -> {
            a.addAll(b);
            return a;
        });
    }

    /** combineByKey's aggregator: a first value creates a combiner, later values merge into it. */
    public static <V, C> Aggregator<V, C> combining(Function<? super V, ? extends C> create,
                                                    BiFunction<C, ? super V, C> mergeValue,
                                                    BinaryOperator<C> mergeCombiners) {
        return new Aggregator<>() {
            @Override
            public <K> void add(Map<K, C> combiners, K key, V value) {
                C c = combiners.get(key);
                if (c == null) {
                    combiners.put(key, create.apply(value));
                    return;
                }
                C merged = mergeValue.apply(c, value);
                if (merged != c) { // a combiner changed in place (groupByKey's list) is in the table already
                    combiners.put(key, merged);
                }
            }

            @Override
            public C merge(C a, C b) {
                return mergeCombiners.apply(a, b);
            }
        };
    }
}
