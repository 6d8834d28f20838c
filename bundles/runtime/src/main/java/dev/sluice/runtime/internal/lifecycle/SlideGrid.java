package dev.sluice.runtime.internal.lifecycle;

import dev.sluice.runtime.internal.graph.DStreamGraph;
import dev.sluice.runtime.internal.graph.DStreamNode;

/**
 * The period every stream of a graph slides on: the least common multiple of their slides. A zero
 * time that is a multiple of it puts each window's slides at the same times in every process that
 * starts the graph, as the members of a group that share a stream must.
 */
final class SlideGrid {

    private SlideGrid() {
    }

    /** In ms; at least the batch interval. */
    static long of(DStreamGraph graph) {
        long grid = graph.batchInterval().toMillis();
        for (DStreamNode<?> node : graph.nodes()) {
            long slide = node.slideDuration().toMillis();
            grid = grid / gcd(grid, slide) * slide;
        }
        return grid;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
