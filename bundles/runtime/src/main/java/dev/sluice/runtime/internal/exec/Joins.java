package dev.sluice.runtime.internal.exec;

import java.util.List;
import java.util.Optional;
import dev.sluice.api.Pair;

/** The joins as ways of pairing up one key's cogrouped value lists. */
public final class Joins {

    /** Emits the joined pairs of one key from its values on each side. */
    @FunctionalInterface
    public interface Join<V, W, R> {
        void pair(List<V> left, List<W> right, java.util.function.Consumer<R> out);

        default <K> Stage<Pair<K, Pair<List<V>, List<W>>>, Pair<K, R>> stage() {
            return out -> p -> pair(p.value().key(), p.value().value(), r -> out.accept(Pair.of(p.key(), r)));
        }
    }

    private Joins() {
    }

    public static <V, W> Join<V, W, Pair<V, W>> inner() {
        return (left, right, out) -> {
            for (V v : left) {
                for (W w : right) {
                    out.accept(Pair.of(v, w));
                }
            }
        };
    }

    public static <V, W> Join<V, W, Pair<V, Optional<W>>> leftOuter() {
        return (left, right, out) -> {
            for (V v : left) {
                if (right.isEmpty()) {
                    out.accept(Pair.of(v, Optional.empty()));
                }
                for (W w : right) {
                    out.accept(Pair.of(v, Optional.of(w)));
                }
            }
        };
    }

    public static <V, W> Join<V, W, Pair<Optional<V>, W>> rightOuter() {
        return (left, right, out) -> {
            for (W w : right) {
                if (left.isEmpty()) {
                    out.accept(Pair.of(Optional.empty(), w));
                }
                for (V v : left) {
                    out.accept(Pair.of(Optional.of(v), w));
                }
            }
        };
    }

    public static <V, W> Join<V, W, Pair<Optional<V>, Optional<W>>> fullOuter() {
        return (left, right, out) -> {
            if (left.isEmpty()) {
                right.forEach(w -> out.accept(Pair.of(Optional.empty(), Optional.of(w))));
            } else if (right.isEmpty()) {
                left.forEach(v -> out.accept(Pair.of(Optional.of(v), Optional.empty())));
            } else {
                for (V v : left) {
                    for (W w : right) {
                        out.accept(Pair.of(Optional.of(v), Optional.of(w)));
                    }
                }
            }
        };
    }
}
