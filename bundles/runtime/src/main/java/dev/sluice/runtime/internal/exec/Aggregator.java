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

    /**
     * Two combiners that {@link #merge} back into {@code c}, in order, for a combiner too large to
     * travel in one piece; null when {@code c} cannot be split (a reduced value is one value).
     */
    public C[] halves(C c) {
        return null;
    }

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
        return new Combining<V, List<V>>(v -> {
            var values = new ArrayList<V>();
            values.add(v);
            return values;
        }, (values, v) -> {
            values.add(v);
            return values;
        }, (a, b) -> {
            a.addAll(b);
            return a;
        }) {
            @Override
            public List<V>[] halves(List<V> values) {
                return halvesOf(values);
            }
        };
    }

    /**
     * groupByKeyAndWindow's aggregator of a batch: values that are lists already (a key's values of
     * part of the batch) appended in arrival order into one list of the key, made here, so the
     * lists it is given are never changed.
     */
    public static <V> Aggregator<List<V>, List<V>> concatenating() {
        return new Aggregator<>() {
            @Override
            public <K> void add(Map<K, List<V>> combiners, K key, List<V> values) {
                List<V> all = combiners.get(key);
                if (all == null) {
                    combiners.put(key, new ArrayList<>(values));
                } else {
                    all.addAll(values);
                }
            }

            @Override
            public List<V> merge(List<V> a, List<V> b) {
                a.addAll(b);
                return a;
            }

            @Override
            public List<V>[] halves(List<V> values) {
                return halvesOf(values);
            }
        };
    }

    /** A list's first and second half, as new lists; null for fewer than two values. */
    @SuppressWarnings("unchecked")
    private static <V> List<V>[] halvesOf(List<V> values) {
        if (values.size() < 2) {
            return null;
        }
        int half = values.size() / 2;
        return new List[] {new ArrayList<>(values.subList(0, half)), new ArrayList<>(values.subList(half, values.size()))};
    }

    /** combineByKey's aggregator: a first value creates a combiner, later values merge into it. */
    public static <V, C> Aggregator<V, C> combining(Function<? super V, ? extends C> create,
                                                    BiFunction<C, ? super V, C> mergeValue,
                                                    BinaryOperator<C> mergeCombiners) {
        return new Combining<>(create, mergeValue, mergeCombiners);
    }

    private static class Combining<V, C> extends Aggregator<V, C> {

        private final Function<? super V, ? extends C> create;
        private final BiFunction<C, ? super V, C> mergeValue;
        private final BinaryOperator<C> mergeCombiners;

        Combining(Function<? super V, ? extends C> create, BiFunction<C, ? super V, C> mergeValue,
                  BinaryOperator<C> mergeCombiners) {
            this.create = create;
            this.mergeValue = mergeValue;
            this.mergeCombiners = mergeCombiners;
        }

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
    }
}
