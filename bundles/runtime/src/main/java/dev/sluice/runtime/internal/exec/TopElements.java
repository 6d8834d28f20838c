package dev.sluice.runtime.internal.exec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * top and takeOrdered: each partition keeps its n largest, in parallel, and the caller's thread
 * merges them. A partition's candidates are cut back to n whenever they reach 2n (a heap would
 * refuse null elements, which a comparator may well order).
 */
final class TopElements {

    private TopElements() {
    }

    /** The {@code n} largest elements of {@code rdd} by {@code order}, largest first. */
    @SuppressWarnings("unchecked")
    static <T> List<T> of(Rdd<T> rdd, WorkerPool pool, int n, Comparator<? super T> order) {
        if (n <= 0) {
            return new ArrayList<>();
        }
        Comparator<? super T> largestFirst = order.reversed();
        pool.prepare(rdd);
        List<T>[] partial = new List[rdd.numPartitions()];
        pool.runTasks(partial.length, p -> {
            var candidates = new ArrayList<T>();
            rdd.compute(p, t -> {
                candidates.add(t);
                if (candidates.size() >= 2L * n) {
                    keepLargest(candidates, n, largestFirst);
                }
            });
            keepLargest(candidates, n, largestFirst);
            partial[p] = candidates;
        });
        var all = new ArrayList<T>();
        for (List<T> part : partial) {
            all.addAll(part);
        }
        keepLargest(all, n, largestFirst);
        return all;
    }

    private static <T> void keepLargest(List<T> candidates, int n, Comparator<? super T> largestFirst) {
        candidates.sort(largestFirst);
        if (candidates.size() > n) {
            candidates.subList(n, candidates.size()).clear();
        }
    }
}
