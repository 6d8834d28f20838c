package dev.sluice.api.spi;

import dev.sluice.api.Config;
import org.osgi.annotation.versioning.ConsumerType;

/** A source plugin: makes a receiver for each input stream of its type. Annotate it with {@link SourceType}. */
@ConsumerType
public interface SourceProvider {

    /** The service property naming the source type, e.g. {@code socket}. */
    String TYPE = "sluice.source.type";

    /** A new receiver for one input stream; {@code config} holds the stream's settings (e.g. host, port). */
    Receiver<?> createReceiver(Config config);
}
