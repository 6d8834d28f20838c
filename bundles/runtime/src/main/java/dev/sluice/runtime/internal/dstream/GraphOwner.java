package dev.sluice.runtime.internal.dstream;

import dev.sluice.runtime.internal.plugin.Plugins;
import dev.sluice.runtime.internal.exec.Execution;
import dev.sluice.runtime.internal.graph.DStreamGraph;

/** A context as its streams see it: the graph they add to, and what their datasets compute with. */
public interface GraphOwner {

    DStreamGraph graph();

    Execution execution();

    /** The plugins its operator stages come from. */
    Plugins plugins();
}
