package dev.sluice.runtime.internal.graph;

import dev.sluice.runtime.internal.time.Clock;
import dev.sluice.api.Config;
import java.util.Optional;
import dev.sluice.api.Dataset;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.plugin.PluginRef;
import dev.sluice.runtime.internal.plugin.Plugins;

/** What an output operation does with each batch: a user function, or a sink plugin. */
public interface OutputAction<T> {

    /** The plugin this output needs, if any. */
    default Optional<PluginRef> requiredPlugin() {
        return Optional.empty();
    }

    /**
     * Called when the stream starts, before the first batch; {@code settings} are the context's, and
     * {@code clock} is the one its waits (retries) go by.
     */
    default void open(Plugins plugins, Config settings, Clock clock) {
    }

    void run(Dataset<T> batch, Time time) throws Exception;

    /** Called when the stream begins to stop, before it waits for the running batch: stop waiting for anything. */
    default void cancel() {
    }

    /** Called once when the stream stops. */
    default void close() {
    }
}
