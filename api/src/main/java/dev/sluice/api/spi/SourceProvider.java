package dev.sluice.api.spi;

import dev.sluice.api.Config;
import java.util.Collection;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A source plugin: for each input stream of its type, makes either a {@link Receiver} that pushes
 * records (a socket, a message broker) or a {@link BatchSource} polled once per batch (a directory
 * of files). It implements the one that fits. Annotate it with {@link SourceType}.
 */
@ConsumerType
public interface SourceProvider {

    /** The service property naming the source type, e.g. {@code socket}. */
    String TYPE = "sluice.source.type";

    /** A new receiver for one input stream; {@code config} holds the stream's settings (e.g. host, port). */
    default Receiver<?> createReceiver(Config config) {
        throw new UnsupportedOperationException(getClass().getName() + " makes no receivers; its streams are"
                + " polled per batch");
    }

    /**
     * Whether its streams are polled once per batch ({@link #createBatchSource}) rather than received
     * ({@link #createReceiver}): what {@code StreamingContext.sourceStream} and declared streams go by.
     */
    default boolean pollsPerBatch() {
        return false;
    }

    /**
     * Whether its batch sources can divide their input among the members of a group, each member
     * taking the part the group assigns it (a Kafka topic's partitions), when their config holds
     * {@link GroupMembership#SHARED_GROUP}. A stream in a group whose inputs and outputs all can
     * runs on every member; any other runs on one member at a time.
     */
    default boolean sharesWork() {
        return false;
    }

    /**
     * Whether, in a stream a group shares that has several inputs, all of this plugin, its sources
     * read them as one ({@link GroupMembership#SHARED_INPUTS} says how many): one division of all
     * their partitions among the members, and each batch's progress of every input committed in
     * one transaction. A shared stream with several inputs runs on every member only when they are
     * all of one plugin that does; otherwise a member dying between two inputs' commits would lose
     * or repeat one input's part.
     */
    default boolean joinsSharedInputs() {
        return false;
    }

    /** A new batch source for one input stream; {@code config} holds the stream's settings (e.g. directory). */
    default BatchSource<?> createBatchSource(Config config) {
        throw new UnsupportedOperationException(getClass().getName() + " makes no batch sources; its streams"
                + " are received");
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
