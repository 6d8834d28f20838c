package dev.sluice.runtime.internal.dstream;

import dev.sluice.runtime.internal.graph.DStreamGraph;

/** A context that holds a graph: how views reach the graph they add to. */
public interface GraphOwner {

    DStreamGraph graph();
}
