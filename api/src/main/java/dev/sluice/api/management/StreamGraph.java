package dev.sluice.api.management;

import java.util.List;
import java.util.Optional;

/**
 * The DStream graph of a running stream: its streams (inputs and the operators' streams, each
 * with the ids of its parents, and its figures in the latest batch) and its output operations,
 * with the source, operator or sink plugin type where one is used. Empty for a stream that has no graph now (stopped, or waiting to build one).
 */
public record StreamGraph(String application, List<Stream> streams, List<Output> outputs) {

    public StreamGraph {
        streams = List.copyOf(streams);
        outputs = List.copyOf(outputs);
    }

    /**
     * One stream of the graph: an input when it has no parents. {@code source} is the type of the
     * source plugin of an input; {@code stage} and {@code operatorPlugin} the named stage and the
     * type of the operator plugin that added it, if one did; {@code lastBatch} its figures in the
     * latest measured batch (none for windows and state, which are tables kept across batches).
     */
    public record Stream(int id, String name, String operator, List<Integer> parents, Optional<String> source,
                         Optional<String> stage, Optional<String> operatorPlugin, Optional<StageMetrics> lastBatch) {

        public Stream {
            parents = List.copyOf(parents);
        }

        /** A stream no operator plugin added, without figures. */
        public Stream(int id, String name, String operator, List<Integer> parents, Optional<String> source) {
            this(id, name, operator, parents, source, Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /** One output operation, in the order the batch's jobs run. */
    public record Output(int id, String description, int parent, Optional<String> sink) {
    }
}
