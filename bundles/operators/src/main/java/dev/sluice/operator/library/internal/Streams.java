package dev.sluice.operator.library.internal;

import dev.sluice.api.DStream;
import dev.sluice.api.Pair;
import dev.sluice.api.PairDStream;

/** The typed views of the stream an operator is given. */
final class Streams {

    private Streams() {
    }

    @SuppressWarnings("unchecked")
    static <T> DStream<T> of(DStream<?> input) {
        return (DStream<T>) input;
    }

    /** The stream as pairs: elements that are pairs stay, any other element becomes (element, element). */
    @SuppressWarnings("unchecked")
    static <K, V> PairDStream<K, V> pairs(DStream<?> input) {
        if (input instanceof PairDStream<?, ?> pairs) {
            return (PairDStream<K, V>) pairs;
        }
        return ((DStream<Object>) input).mapToPair(e -> e instanceof Pair<?, ?> p ? (Pair<K, V>) p
                : Pair.of((K) e, (V) e));
    }

    /** The key an element counts under: a pair's key, or the element itself. */
    static Object keyOf(Object element) {
        return element instanceof Pair<?, ?> p ? p.key() : element;
    }
}
