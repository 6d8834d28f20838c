package dev.sluice.runtime.internal.output;

import dev.sluice.runtime.internal.time.Clock;
import dev.sluice.runtime.internal.settings.ContextSettings;
import dev.sluice.runtime.internal.graph.StreamStopException;
import dev.sluice.runtime.internal.graph.OutputAction;
import dev.sluice.api.Config;
import dev.sluice.api.Dataset;
import dev.sluice.api.SluiceException;
import dev.sluice.api.Time;
import dev.sluice.api.spi.GroupMembership;
import dev.sluice.api.spi.RecordCodec;
import dev.sluice.api.spi.Sink;
import dev.sluice.api.spi.SinkProvider;
import dev.sluice.runtime.internal.plugin.PluginRef;
import dev.sluice.runtime.internal.plugin.Plugins;
import java.time.Duration;
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
    /** The output's config, with what the runtime lends its sink (the record codec). */
    private Config sinkConfig;
    private OutputPolicy policy;
    private Sink<T> sink;
    private volatile boolean closed;
    private Clock clock;

    public SinkOutput(String type, Config config) {
        this.type = type;
        this.config = config;
        this.sinkConfig = config;
    }

    @Override
    public Optional<PluginRef> requiredPlugin() {
        return Optional.of(PluginRef.sink(type));
    }

    @Override
    public void open(Plugins installed, Config settings, Clock clock) {
        plugins = installed;
        this.clock = clock;
        policy = OutputPolicy.from(settings.with(config)); // the output's own settings win
        settings.object(RecordCodec.CONFIG_KEY, RecordCodec.class)
                .ifPresent(codec -> sinkConfig = config.withObject(RecordCodec.CONFIG_KEY, codec));
        settings.get(GroupMembership.SHARED_GROUP)
                .ifPresent(group -> sinkConfig = sinkConfig.with(GroupMembership.SHARED_GROUP, group));
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
        write(batch, time);
    }

    /** Writes the batch, retrying per the policy; a sink must let a batch be written again (it replaces it). */
    private void write(Dataset<T> batch, Time time) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                sink.write(batch, time);
                return;
            } catch (Exception e) {
                if (closed) {
                    throw e;
                }
                if (attempt >= policy.retries()) {
                    throw giveUp(time, attempt + 1, e);
                }
                Duration delay = policy.delay(attempt);
                LOG.warn("Sink '{}' failed to write batch {} (attempt {} of {}): {}; retrying in {} ms", type, time,
                        attempt + 1, policy.retries() + 1, e.toString(), delay.toMillis());
                sleepUnlessClosed(delay);
            }
        }
    }

    private SluiceException giveUp(Time time, int attempts, Exception e) {
        String what = "sink '" + type + "' failed to write batch " + time + " " + attempts
                + (attempts == 1 ? " time" : " times") + ": " + e;
        return policy.stopOnFailure()
                ? new StreamStopException(what + "; the stream stops (set " + ContextSettings.OUTPUT_ON_FAILURE.key()
                        + "=skip to skip such batches instead)", e)
                : new SluiceException(what + "; this batch's output is skipped", e);
    }

    /** Waits {@code delay} on the context's clock, looking every poll interval whether the stream stops. */
    private void sleepUnlessClosed(Duration delay) throws InterruptedException {
        long end = clock.millis() + delay.toMillis();
        long now;
        while (!closed && (now = clock.millis()) < end) {
            clock.sleepUntil(Math.min(end, now + PLUGIN_POLL_MILLIS));
        }
    }

    private void useProvider(SinkProvider p) {
        Sink<T> created = p.createSink(sinkConfig);
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
