package dev.sluice.runtime.internal.operators;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import dev.sluice.api.Pair;

/** Batches compared as multisets: element order, and the order of grouped values, carry no meaning. */
final class Canonical {

    private Canonical() {
    }

    static List<String> of(Collection<?> batch) {
        var out = new ArrayList<String>();
        batch.forEach(e -> out.add(form(e)));
        out.sort(null);
        return out;
    }

    private static String form(Object o) {
        if (o instanceof Pair<?, ?> p) {
            return "(" + form(p.key()) + "," + form(p.value()) + ")";
        }
        if (o instanceof Collection<?> c) {
            return of(c).toString();
        }
        if (o instanceof Optional<?> opt) {
            return opt.map(v -> "Some(" + form(v) + ")").orElse("None");
        }
        return String.valueOf(o);
    }
}
