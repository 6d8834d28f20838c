package dev.sluice.runtime.internal.graph;

import dev.sluice.api.Config;
import dev.sluice.api.Dataset;
import dev.sluice.api.SluiceException;
import dev.sluice.api.Time;
import dev.sluice.api.spi.Sink;
import dev.sluice.api.spi.SinkProvider;
import dev.sluice.runtime.internal.plugin.PluginRef;
import dev.sluice.runtime.internal.plugin.Plugins;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An output operation served by a sink plugin, e.g. {@code print()} by the {@code console} sink.
 * The provider is looked up at every batch: a new version of the plugin takes over at the next
 * batch, and while the plugin is gone the batch waits for it with its data kept, so the batches
 * missed meanwhile are delivered when it returns.
 */
public final class SinkOutput<T> implements OutputAction<T> {

    private static final Logger LOG = LoggerFactory.getLogger(SinkOutput.class);
    private static final long PLUGIN_POLL_MILLIS = 100;

    private final String type;
    private final Config config;
    private Plugins plugins;
    private SinkProvider provider;
    private Sink<T> sink;
    private volatile boolean closed;

    public SinkOutput(String type, Config config) {
        this.type = type;
        this.config = config;
    }

    @Override
    public Optional<PluginRef> requiredPlugin() {
        return Optional.of(PluginRef.sink(type));
    }

    @Override
    public void open(Plugins installed) {
        plugins = installed;
        useProvider(plugins.requireSink(type));
    }

    @Override
    public void run(Dataset<T> batch, Time time) throws Exception {
        SinkProvider current = plugins.sink(type).orElse(null);
        if (current == null) {
            closeSink(); // it belongs to a bundle that is leaving
            current = awaitProvider(time);
        }
        if (current != provider) {
            closeSink();
            useProvider(current);
        }
        sink.write(batch, time);
    }

    private void useProvider(SinkProvider p) {
        Sink<T> created = p.createSink(config);
        provider = p;
        sink = created;
    }

    private SinkProvider awaitProvider(Time time) throws InterruptedException {
        LOG.warn("Batch {} waits for the sink plugin '{}'; its data and later batches are kept until it returns",
                time, type);
        while (!closed) {
            Optional<SinkProvider> p = plugins.sink(type);
            if (p.isPresent()) {
                LOG.info("Sink plugin '{}' is back; batch {} goes on", type, time);
                return p.get();
            }
            Thread.sleep(PLUGIN_POLL_MILLIS);
        }
        throw new SluiceException("the stream stopped while batch " + time + " waited for the sink plugin '"
                + type + "'");
    }

    @Override
    public void cancel() {
        closed = true;
    }

    @Override
    public void close() {
        closed = true;
        closeSink();
    }

    private synchronized void closeSink() {
        Sink<T> s = sink;
        sink = null;
        provider = null;
        if (s != null) {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.warn("Sink '{}' failed to close", type, e);
            }
        }
    }
}
