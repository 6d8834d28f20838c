package dev.sluice.api.spi;

import dev.sluice.api.Config;
import org.osgi.annotation.versioning.ConsumerType;

/** A sink plugin: makes a sink for each output operation of its type. Annotate it with {@link SinkType}. */
@ConsumerType
public interface SinkProvider {

    /** The service property naming the sink type, e.g. {@code console}. */
    String TYPE = "sluice.sink.type";

    <T> Sink<T> createSink(Config config);
}
