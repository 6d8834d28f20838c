package dev.sluice.runtime.internal.osgi;

import java.util.List;
import dev.sluice.api.spi.Parameter;
import dev.sluice.api.Config;
import dev.sluice.api.management.PluginDescription;
import dev.sluice.api.management.StreamManager;
import dev.sluice.api.management.CheckpointStatus;
import dev.sluice.api.management.StreamStatus;
import dev.sluice.api.management.StreamSummary;
import dev.sluice.api.spi.SinkProvider;
import dev.sluice.api.spi.SourceProvider;
import dev.sluice.api.spi.StreamingApplication;
import dev.sluice.runtime.internal.manager.Streams;
import dev.sluice.runtime.internal.plugin.PluginRef;
import dev.sluice.runtime.internal.time.SystemClock;
import org.osgi.framework.Bundle;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime in the container: tracks applications, source plugins and sink plugins as they
 * come and go (whiteboard), and offers the streams to the shell as a {@link StreamManager}.
 */
@Component(service = StreamManager.class, immediate = true)
public final class StreamManagerComponent implements StreamManager {

    private static final Logger LOG = LoggerFactory.getLogger(StreamManagerComponent.class);

    private final OsgiPlugins plugins = new OsgiPlugins();
    private final Streams streams = new Streams(plugins, SystemClock.INSTANCE);

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addApplication(StreamingApplication app, ServiceReference<StreamingApplication> ref) {
        String name = property(ref, StreamingApplication.NAME);
        if (name != null) {
            streams.addApplication(name, app);
            LOG.info("Application {} is available (from {})", name, bundle(ref));
        }
    }

    void removeApplication(StreamingApplication app, ServiceReference<StreamingApplication> ref) {
        String name = property(ref, StreamingApplication.NAME);
        if (name != null) {
            streams.removeApplication(name, app);
            LOG.info("Application {} is gone", name);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSource(SourceProvider provider, ServiceReference<SourceProvider> ref) {
        String type = property(ref, SourceProvider.TYPE);
        if (type != null) {
            plugins.addSource(type, provider, bundle(ref));
            LOG.info("Source plugin {} is available (from {})", type, bundle(ref));
            streams.pluginAdded();
        }
    }

    void removeSource(SourceProvider provider, ServiceReference<SourceProvider> ref) {
        String type = property(ref, SourceProvider.TYPE);
        if (type != null) {
            plugins.removeSource(type, provider);
            LOG.info("Source plugin {} is gone", type);
            streams.pluginRemoved(PluginRef.source(type));
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSink(SinkProvider provider, ServiceReference<SinkProvider> ref) {
        String type = property(ref, SinkProvider.TYPE);
        if (type != null) {
            plugins.addSink(type, provider, bundle(ref));
            LOG.info("Sink plugin {} is available (from {})", type, bundle(ref));
            streams.pluginAdded();
        }
    }

    void removeSink(SinkProvider provider, ServiceReference<SinkProvider> ref) {
        String type = property(ref, SinkProvider.TYPE);
        if (type != null) {
            plugins.removeSink(type, provider);
            LOG.info("Sink plugin {} is gone", type);
            streams.pluginRemoved(PluginRef.sink(type));
        }
    }

    /** What the launcher calls on SIGTERM or Ctrl-C, before it stops the bundles (a plugin leaving would stop streams at once). */
    public static final String SHUTDOWN_PROPERTY = "sluice.shutdown";
    private ServiceRegistration<Runnable> shutdown;

    @Activate
    void activate(BundleContext context) {
        shutdown = context.registerService(Runnable.class, streams::stopAllGracefully,
                new Hashtable<>(Map.of(SHUTDOWN_PROPERTY, "graceful")));
    }

    @Deactivate
    void deactivate() {
        if (shutdown != null) {
            try {
                shutdown.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        streams.stopAll();
    }

    private static String property(ServiceReference<?> ref, String key) {
        Object v = ref.getProperty(key);
        if (v == null) {
            LOG.warn("Service {} from {} has no {} property and is ignored", ref, bundle(ref), key);
            return null;
        }
        return String.valueOf(v);
    }

    private static String bundle(ServiceReference<?> ref) {
        Bundle b = ref.getBundle();
        return b == null ? "?" : b.getSymbolicName() + " " + b.getVersion();
    }

    @Override
    public List<StreamSummary> list() {
        return streams.list();
    }

    @Override
    public StreamStatus start(String application, Config args) {
        return streams.start(application, args);
    }

    @Override
    public StreamStatus stop(String application, boolean gracefully) {
        return streams.stop(application, gracefully);
    }

    @Override
    public CheckpointStatus checkpoint(String application) {
        return streams.checkpoint(application);
    }

    @Override
    public StreamStatus status(String application) {
        return streams.status(application);
    }

    @Override
    public List<PluginDescription> plugins() {
        return streams.plugins();
    }

    @Override
    public List<Parameter> contextKeys() {
        return streams.contextKeys();
    }
}
