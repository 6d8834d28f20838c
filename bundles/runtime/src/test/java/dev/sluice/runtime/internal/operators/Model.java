package dev.sluice.runtime.internal.operators;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.sluice.api.Pair;

/** The obviously correct versions of the keyed operators, on one batch held in a list. */
final class Model {

    private Model() {
    }

    static <K, V> Map<K, List<V>> group(List<Pair<K, V>> batch) {
        var m = new LinkedHashMap<K, List<V>>();
        batch.forEach(p -> m.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p.value()));
        return m;
    }

    static <K, V, W> List<Pair<K, Pair<List<V>, List<W>>>> cogroup(List<Pair<K, V>> a, List<Pair<K, W>> b) {
        Map<K, List<V>> ga = group(a);
        Map<K, List<W>> gb = group(b);
        var keys = new LinkedHashSet<K>(ga.keySet());
        keys.addAll(gb.keySet());
        var out = new ArrayList<Pair<K, Pair<List<V>, List<W>>>>();
        keys.forEach(k -> out.add(Pair.of(k, Pair.of(ga.getOrDefault(k, List.of()), gb.getOrDefault(k, List.of())))));
        return out;
    }

    static <K, V, W> List<Pair<K, Pair<V, W>>> join(List<Pair<K, V>> a, List<Pair<K, W>> b) {
        var out = new ArrayList<Pair<K, Pair<V, W>>>();
        for (var x : a) {
            for (var y : b) {
                if (x.key().equals(y.key())) {
                    out.add(Pair.of(x.key(), Pair.of(x.value(), y.value())));
                }
            }
        }
        return out;
    }

    static <K, V, W> List<Pair<K, Pair<V, Optional<W>>>> leftOuterJoin(List<Pair<K, V>> a, List<Pair<K, W>> b) {
        var out = new ArrayList<Pair<K, Pair<V, Optional<W>>>>();
        for (var x : a) {
            boolean matched = false;
            for (var y : b) {
                if (x.key().equals(y.key())) {
                    out.add(Pair.of(x.key(), Pair.of(x.value(), Optional.of(y.value()))));
                    matched = true;
                }
            }
            if (!matched) {
                out.add(Pair.of(x.key(), Pair.of(x.value(), Optional.empty())));
            }
        }
        return out;
    }

    static <K, V, W> List<Pair<K, Pair<Optional<V>, W>>> rightOuterJoin(List<Pair<K, V>> a, List<Pair<K, W>> b) {
        var out = new ArrayList<Pair<K, Pair<Optional<V>, W>>>();
        for (var p : leftOuterJoin(b, a)) {
            out.add(Pair.of(p.key(), Pair.of(p.value().value(), p.value().key())));
        }
        return out;
    }

    static <K, V, W> List<Pair<K, Pair<Optional<V>, Optional<W>>>> fullOuterJoin(List<Pair<K, V>> a,
                                                                                 List<Pair<K, W>> b) {
        var out = new ArrayList<Pair<K, Pair<Optional<V>, Optional<W>>>>();
        leftOuterJoin(a, b).forEach(p -> out.add(Pair.of(p.key(), Pair.of(Optional.of(p.value().key()),
                p.value().value()))));
        var leftKeys = new LinkedHashSet<K>();
        a.forEach(p -> leftKeys.add(p.key()));
        b.stream().filter(p -> !leftKeys.contains(p.key()))
                .forEach(p -> out.add(Pair.of(p.key(), Pair.of(Optional.empty(), Optional.of(p.value())))));
        return out;
    }
}
