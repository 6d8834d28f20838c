package dev.sluice.runtime.internal.exec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** top and takeOrdered: each partition keeps its n largest in a heap, in parallel; the caller merges them. */
final class TopElements {

    private TopElements() {
    }

    /** The {@code n} largest elements of {@code rdd} by {@code order}, largest first. */
    @SuppressWarnings("unchecked")
    static <T> List<T> of(Rdd<T> rdd, WorkerPool pool, int n, Comparator<? super T> order) {
        if (n <= 0) {
            return new ArrayList<>();
        }
        pool.prepare(rdd);
        List<T>[] partial = new List[rdd.numPartitions()];
        pool.runTasks(partial.length, p -> {
            var smallestFirst = new PriorityQueue<T>(n, order);
            rdd.compute(p, t -> {
                if (smallestFirst.size() < n) {
                    smallestFirst.add(t);
                } else if (order.compare(t, smallestFirst.peek()) > 0) {
                    smallestFirst.poll();
                    smallestFirst.add(t);
                }
            });
            partial[p] = new ArrayList<>(smallestFirst);
        });
        var all = new ArrayList<T>();
        for (List<T> part : partial) {
            all.addAll(part);
        }
        all.sort(order.reversed());
        return new ArrayList<>(all.subList(0, Math.min(n, all.size())));
    }
}
