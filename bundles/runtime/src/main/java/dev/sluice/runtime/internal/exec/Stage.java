package dev.sluice.runtime.internal.exec;

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
}
