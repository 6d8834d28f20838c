package dev.sluice.runtime.internal.declared;

import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.StreamingContext;
import dev.sluice.api.spi.StreamingApplication;

/** A declared stream as an application: its source, its operator stages in order, and its outputs. */
public record DeclaredStream(StreamDeclaration declaration, String file) implements StreamingApplication {

    @Override
    public void define(StreamingContext ssc, Config args) {
        DStream<Object> stream = ssc.sourceStream(declaration.source(), declaration.sourceConfig());
        for (StreamDeclaration.Stage stage : declaration.stages()) {
            stream = stream.via(stage.type(), stage.config().with("name", stage.name()));
        }
        for (StreamDeclaration.Output output : declaration.outputs()) {
            stream.to(output.type(), output.config());
        }
    }

    @Override
    public String description() {
        return "declared in " + file;
    }
}
