package dev.sluice.api.management;

import java.util.List;
import java.util.Optional;

/**
 * The DStream graph of a running stream: its streams (inputs and the operators' streams, each
 * with the ids of its parents) and its output operations, with the source or sink plugin type
 * where one is used. Empty for a stream that has no graph now (stopped, or waiting to build one).
 */
public record StreamGraph(String application, List<Stream> streams, List<Output> outputs) {

    public StreamGraph {
        streams = List.copyOf(streams);
        outputs = List.copyOf(outputs);
    }

    /** One stream of the graph: an input when it has no parents. */
    public record Stream(int id, String name, String operator, List<Integer> parents, Optional<String> source) {

        public Stream {
            parents = List.copyOf(parents);
        }
    }

    /** One output operation, in the order the batch's jobs run. */
    public record Output(int id, String description, int parent, Optional<String> sink) {
    }
}
