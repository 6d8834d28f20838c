package dev.sluice.runtime.internal.exec;

import java.util.Comparator;
import dev.sluice.api.SluiceException;

/**
 * The natural order of elements that should be {@link Comparable}, nulls first, with a clear error
 * where they are not comparable.
 */
final class NaturalOrder {

    private NaturalOrder() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static <T> Comparator<T> of(String operation) {
        return (a, b) -> {
            if (a == null || b == null) {
                return a == null ? (b == null ? 0 : -1) : 1;
            }
            if (!(a instanceof Comparable ca)) {
                throw new SluiceException(operation + " needs elements that are Comparable, got "
                        + a.getClass().getName() + "; pass a Comparator");
            }
            return ca.compareTo(b);
        };
    }
}
