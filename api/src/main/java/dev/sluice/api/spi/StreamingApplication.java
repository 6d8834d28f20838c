package dev.sluice.api.spi;

import java.time.Duration;
import java.util.List;
import dev.sluice.api.Config;
import dev.sluice.api.StreamingContext;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A stream definition a bundle offers (whiteboard): the runtime makes a context with the batch
 * interval and parallelism asked for ({@code batch=}, {@code parallelism=}, else the defaults
 * here), calls {@link #define} to build the graph, and starts it once every plugin it uses is there.
 * Annotate it with {@link ApplicationName}.
 */
@ConsumerType
public interface StreamingApplication {

    /** The service property naming the application, e.g. {@code network-word-count}. */
    String NAME = "sluice.application.name";

    /** Builds the graph on {@code ssc} from {@code args}; must not call {@code start()}. */
    void define(StreamingContext ssc, Config args);

    /** The keys {@link #define} reads, besides the common {@code batch} and {@code parallelism}. */
    default List<Parameter> parameters() {
        return List.of();
    }

    default Duration defaultBatchInterval() {
        return Duration.ofSeconds(1);
    }

    default String description() {
        return "";
    }
}
