package dev.sluice.runtime.internal.dstream;

import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.InvalidGraphException;
import dev.sluice.api.spi.OperatorProvider;
import dev.sluice.runtime.internal.graph.DStreamGraph;
import dev.sluice.runtime.internal.plugin.PluginRef;

/**
 * A stream's stage made by an operator plugin: the plugin adds its streams with the DStream API,
 * and they are named under the stage so that their state is bound to stable names.
 */
final class OperatorStage {

    /** The configuration key naming a stage; the plugin does not see it. */
    static final String NAME = "name";

    private OperatorStage() {
    }

    static DStream<?> apply(DStreamView<?> input, String type, Config config) {
        GraphOwner owner = (GraphOwner) input.context();
        OperatorProvider provider = owner.plugins().requireOperator(type);
        DStreamGraph graph = input.graph();
        String stage = graph.beginStage(PluginRef.operator(type), config.get(NAME).orElse(null), provider);
        int from = graph.stageEnd();
        DStream<?> out = provider.apply(input, config.without(NAME));
        if (out == null) {
            throw new InvalidGraphException("operator plugin '" + type + "' of stage " + stage + " made no stream");
        }
        if (out.context() != input.context()) {
            throw new InvalidGraphException("operator plugin '" + type + "' of stage " + stage
                    + " returned a stream of another context; build the stage from the stream it is given");
        }
        graph.nameStage(stage, from);
        return out;
    }
}
