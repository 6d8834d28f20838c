package dev.sluice.runtime.internal.exec;

import java.util.Comparator;
import dev.sluice.api.SluiceException;

/** The natural order of elements that should be {@link Comparable}, with a clear error where they are not. */
final class NaturalOrder {

    private NaturalOrder() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static <T> Comparator<T> of(String operation) {
        return (a, b) -> {
            if (!(a instanceof Comparable ca)) {
                throw new SluiceException(operation + " needs elements that are Comparable, got "
                        + (a == null ? "null" : a.getClass().getName()) + "; pass a Comparator");
            }
            return ca.compareTo(b);
        };
    }
}
