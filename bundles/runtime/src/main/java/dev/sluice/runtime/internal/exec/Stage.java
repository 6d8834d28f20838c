package dev.sluice.runtime.internal.exec;

import dev.sluice.api.Pair;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A narrow operator as a transformation of consumers: given where its output goes, it returns
 * where its input goes. Composing stages is how narrow operators fuse.
 */
@FunctionalInterface
public interface Stage<P, T> {

    Consumer<P> apply(Consumer<? super T> out);

    static <P, T> Stage<P, T> map(Function<? super P, ? extends T> f) {
        return out -> p -> out.accept(f.apply(p));
    }

    static <T> Stage<T, T> filter(Predicate<? super T> predicate) {
        return out -> t -> {
            if (predicate.test(t)) {
                out.accept(t);
            }
        };
    }

    static <P, T> Stage<P, T> flatMap(Function<? super P, ? extends Iterable<? extends T>> f) {
        return out -> p -> {
            for (T t : f.apply(p)) {
                out.accept(t);
            }
        };
    }

    /** Each key's grouped values as pairs again, one per value: what was grouped only to be moved. */
    static <K, V> Stage<Pair<K, List<V>>, Pair<K, V>> ungrouped() {
        return out -> p -> {
            for (V v : p.value()) {
                out.accept(Pair.of(p.key(), v));
            }
        };
    }
}
