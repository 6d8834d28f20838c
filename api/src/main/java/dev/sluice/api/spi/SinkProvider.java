package dev.sluice.api.spi;

import dev.sluice.api.Config;
import java.util.Collection;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/** A sink plugin: makes a sink for each output operation of its type. Annotate it with {@link SinkType}. */
@ConsumerType
public interface SinkProvider {

    /** The service property naming the sink type, e.g. {@code console}. */
    String TYPE = "sluice.sink.type";

    <T> Sink<T> createSink(Config config);

    /**
     * Whether its sinks, given {@link GroupMembership#SHARED_GROUP} in their config, write each
     * member's part of a batch exactly once together with the progress of the input that part
     * came from (a Kafka transaction carrying the consumed offsets), so that a stream whose work
     * a group shares may write through them.
     */
    default boolean sharesWork() {
        return false;
    }

    /**
     * The classes of the records this plugin's streams carry that must be serializable (stored
     * serialized, spilled, written to disk), as {@link dev.sluice.api.StreamingContext#registerRecordTypes}
     * does for an application's own. JDK values and collections need no registering.
     */
    default Collection<Class<?>> recordTypes() {
        return List.of();
    }
}
