package dev.sluice.runtime.internal.osgi;

import dev.sluice.api.spi.GroupMembership;
import dev.sluice.api.spi.OperatorProvider;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import dev.sluice.runtime.internal.plugin.Plugins;
import dev.sluice.api.spi.Parameter;
import dev.sluice.api.Config;
import dev.sluice.api.management.PluginDescription;
import dev.sluice.api.management.StreamGraph;
import dev.sluice.api.management.StreamManager;
import dev.sluice.api.management.StreamMetrics;
import dev.sluice.api.management.CheckpointStatus;
import dev.sluice.api.management.StreamStatus;
import dev.sluice.api.management.StreamSummary;
import dev.sluice.api.spi.SinkProvider;
import dev.sluice.api.spi.SourceProvider;
import dev.sluice.api.spi.StreamingApplication;
import dev.sluice.runtime.internal.manager.RememberedStreams;
import dev.sluice.runtime.internal.manager.Streams;
import java.nio.file.Path;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import dev.sluice.runtime.internal.plugin.PluginRef;
import dev.sluice.runtime.internal.time.SystemClock;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime in the container: tracks applications and source, operator and sink plugins as they
 * come and go (whiteboard), and offers the streams to the shell as a {@link StreamManager}. As a
 * {@link Runnable} with {@value #SHUTDOWN_PROPERTY}=graceful it is what the launcher calls on
 * SIGTERM or Ctrl-C, before it stops the bundles (a plugin leaving would stop streams at once).
 */
@Component(service = {StreamManager.class, Runnable.class, StreamManagerComponent.class}, immediate = true,
        property = StreamManagerComponent.SHUTDOWN_PROPERTY + "=graceful")
public final class StreamManagerComponent implements StreamManager, Runnable {

    /** The property by which the launcher finds the graceful stop of every stream. */
    public static final String SHUTDOWN_PROPERTY = "sluice.shutdown";

    private static final Logger LOG = LoggerFactory.getLogger(StreamManagerComponent.class);

    /**
     * The framework property naming the folder where applications started with stream:start are
     * remembered; the launcher sets it for the container that owns the home's data/ (not for
     * {@code bin/sluice run} or {@code exec}), and without it nothing is remembered.
     */
    public static final String REMEMBERED = "sluice.streams.remembered";

    private final OsgiPlugins plugins = new OsgiPlugins();
    private final Streams streams;
    /** Declared streams refused for want of a plugin, tried again when one arrives. */
    private final List<Runnable> pluginArrivals = new CopyOnWriteArrayList<>();

    @Activate
    public StreamManagerComponent(BundleContext context) {
        String remembered = context.getProperty(REMEMBERED);
        streams = new Streams(plugins, SystemClock.INSTANCE, remembered == null || remembered.isBlank()
                ? RememberedStreams.none() : RememberedStreams.in(Path.of(remembered)));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addApplication(StreamingApplication app, ServiceReference<StreamingApplication> ref) {
        String name = property(ref, StreamingApplication.NAME);
        if (name != null) {
            streams.addApplication(name, app, bundle(ref));
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
        added(PluginRef.Kind.SOURCE, property(ref, SourceProvider.TYPE), provider, ref);
    }

    void removeSource(SourceProvider provider, ServiceReference<SourceProvider> ref) {
        removed(PluginRef.Kind.SOURCE, property(ref, SourceProvider.TYPE), provider);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addOperator(OperatorProvider provider, ServiceReference<OperatorProvider> ref) {
        added(PluginRef.Kind.OPERATOR, property(ref, OperatorProvider.TYPE), provider, ref);
    }

    void removeOperator(OperatorProvider provider, ServiceReference<OperatorProvider> ref) {
        removed(PluginRef.Kind.OPERATOR, property(ref, OperatorProvider.TYPE), provider);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSink(SinkProvider provider, ServiceReference<SinkProvider> ref) {
        added(PluginRef.Kind.SINK, property(ref, SinkProvider.TYPE), provider, ref);
    }

    void removeSink(SinkProvider provider, ServiceReference<SinkProvider> ref) {
        removed(PluginRef.Kind.SINK, property(ref, SinkProvider.TYPE), provider);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addGroup(GroupMembership membership, ServiceReference<GroupMembership> ref) {
        added(PluginRef.Kind.GROUP, property(ref, GroupMembership.TYPE), membership, ref);
    }

    void removeGroup(GroupMembership membership, ServiceReference<GroupMembership> ref) {
        removed(PluginRef.Kind.GROUP, property(ref, GroupMembership.TYPE), membership);
    }

    private void added(PluginRef.Kind kind, String type, Object provider, ServiceReference<?> ref) {
        if (type != null) {
            var plugin = new PluginRef(kind, type);
            if (plugins.add(plugin, provider, bundle(ref))) {
                // a second bundle serving a type in use (a new version dropped beside the old): streams switch to it
                LOG.info("The {} is served by {} from now on", plugin, bundle(ref));
                streams.pluginReplaced(plugin);
            } else {
                LOG.info("The {} is available (from {})", plugin, bundle(ref));
                streams.pluginAdded();
                pluginArrivals.forEach(Runnable::run);
            }
        }
    }

    private void removed(PluginRef.Kind kind, String type, Object provider) {
        if (type != null) {
            var plugin = new PluginRef(kind, type);
            if (plugins.remove(plugin, provider)) {
                LOG.info("The {} is gone", plugin);
                streams.pluginRemoved(plugin);
            }
        }
    }

    /** Declares a stream read from a configuration file, and starts it; see {@link DeclaredStreamComponent}. */
    StreamStatus declare(String name, StreamingApplication stream, Config args) {
        return streams.declare(name, stream, args);
    }

    void undeclare(String name, StreamingApplication stream) {
        streams.undeclare(name, stream);
    }

    /** Lists a declared stream's file that was refused as a FAILED entry; see {@link DeclaredStreamComponent}. */
    void refuse(String entry, String error) {
        streams.refuse(entry, error);
    }

    void clearRefusal(String entry) {
        streams.clearRefusal(entry);
    }

    Plugins installedPlugins() {
        return plugins;
    }

    void whenPluginAdded(Runnable action) {
        if (!pluginArrivals.contains(action)) {
            pluginArrivals.add(action);
        }
    }

    void notWhenPluginAdded(Runnable action) {
        pluginArrivals.remove(action);
    }

    /** Stops every stream gracefully. */
    @Override
    public void run() {
        streams.stopAllGracefully();
    }

    @Deactivate
    void deactivate() {
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
    public StreamMetrics metrics(String application) {
        return streams.metrics(application);
    }

    @Override
    public StreamGraph graph(String application) {
        return streams.graph(application);
    }

    @Override
    public StreamStatus discardState(String application) {
        return streams.discardState(application);
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
