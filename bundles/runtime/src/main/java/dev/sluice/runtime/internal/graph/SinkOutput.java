package dev.sluice.runtime.internal.graph;

import java.util.Optional;
import dev.sluice.api.Config;
import dev.sluice.api.Dataset;
import dev.sluice.api.Time;
import dev.sluice.api.spi.Sink;
import dev.sluice.runtime.internal.plugin.PluginRef;
import dev.sluice.runtime.internal.plugin.Plugins;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An output operation served by a sink plugin, e.g. {@code print()} by the {@code console} sink. */
public final class SinkOutput<T> implements OutputAction<T> {

    private static final Logger LOG = LoggerFactory.getLogger(SinkOutput.class);

    private final String type;
    private final Config config;
    private Sink<T> sink;

    public SinkOutput(String type, Config config) {
        this.type = type;
        this.config = config;
    }

    @Override
    public Optional<PluginRef> requiredPlugin() {
        return Optional.of(PluginRef.sink(type));
    }

    @Override
    public void open(Plugins plugins) {
        sink = plugins.requireSink(type).createSink(config);
    }

    @Override
    public void run(Dataset<T> batch, Time time) throws Exception {
        sink.write(batch, time);
    }

    @Override
    public void close() {
        if (sink != null) {
            try {
                sink.close();
            } catch (RuntimeException e) {
                LOG.warn("Sink '{}' failed to close", type, e);
            }
        }
    }
}
