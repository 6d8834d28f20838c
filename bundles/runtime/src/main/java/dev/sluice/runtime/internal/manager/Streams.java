package dev.sluice.runtime.internal.manager;

import dev.sluice.api.ConfigException;
import dev.sluice.runtime.internal.declared.DeclaredStream;
import dev.sluice.runtime.internal.settings.ContextSettings;
import java.util.ArrayList;
import java.util.List;
import dev.sluice.api.spi.Parameter;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import dev.sluice.api.Config;
import dev.sluice.api.SluiceException;
import dev.sluice.api.management.PluginDescription;
import dev.sluice.api.management.CheckpointStatus;
import dev.sluice.api.management.StreamGraph;
import dev.sluice.api.management.StreamManager;
import dev.sluice.api.management.StreamMetrics;
import dev.sluice.api.management.StreamState;
import dev.sluice.api.management.StreamStatus;
import dev.sluice.api.management.StreamSummary;
import dev.sluice.api.spi.StreamingApplication;
import dev.sluice.runtime.internal.plugin.PluginRef;
import dev.sluice.runtime.internal.plugin.Plugins;
import dev.sluice.runtime.internal.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The container's streams, one per registered application; every method is serialized on this object. */
public final class Streams implements StreamManager {

    private static final Logger LOG = LoggerFactory.getLogger(Streams.class);

    private final Plugins plugins;
    private final Clock clock;
    private final Map<String, ManagedStream> streams = new TreeMap<>();
    private final Map<String, RefusedFile> refused = new TreeMap<>();
    private final RememberedStreams remembered;

    public Streams(Plugins plugins, Clock clock) {
        this(plugins, clock, RememberedStreams.none());
    }

    public Streams(Plugins plugins, Clock clock, RememberedStreams remembered) {
        this.plugins = plugins;
        this.clock = clock;
        this.remembered = remembered;
    }

    public synchronized void addApplication(String name, StreamingApplication application) {
        addApplication(name, application, "unknown");
    }

    /**
     * {@code origin}: what serves it, e.g. its bundle and version. An application of a name already
     * registered is its new version: the stream, running or held, goes on with it. A new one that was
     * started with stream:start and not stopped since starts again.
     */
    public synchronized void addApplication(String name, StreamingApplication application, String origin) {
        ManagedStream s = streams.get(name);
        if (s != null && s.application() instanceof DeclaredStream) {
            LOG.warn("An application named '{}' is ignored while a declared stream has that name", name);
            return;
        }
        if (s != null) {
            // back after an update, or a new version beside the old one (another jar in deploy/)
            LOG.info("Application {} is served by {} from now on", name, origin);
            s.applicationAdded(application, origin);
            return;
        }
        add(name, application, origin);
        restart(name);
    }

    private void add(String name, StreamingApplication application, String origin) {
        streams.put(name, new ManagedStream(name, application, origin, plugins, clock,
                leads -> leadershipChanged(name, leads)));
    }

    private void restart(String name) {
        try {
            Optional<Config> args = remembered.recall(name);
            if (args.isPresent()) {
                LOG.info("Stream {} was started with stream:start and not stopped: it starts again with {}", name,
                        args.get().asMap());
                streams.get(name).start(args.get());
            }
        } catch (RuntimeException e) {
            // remembered still: the next start of the container or of the application tries again
            LOG.error("Stream {} could not start again as remembered: {}", name, e.getMessage(), e);
        }
    }

    /** An application left: a stream of it that runs holds for its return (an update); one that does not is forgotten. */
    public synchronized void removeApplication(String name, StreamingApplication application) {
        ManagedStream s = streams.get(name);
        if (s == null || s.application() != application) {
            return;
        }
        StreamState state = s.state();
        if (state == StreamState.RUNNING || state == StreamState.WAITING) {
            s.applicationRemoved();
        } else {
            streams.remove(name);
        }
    }

    /**
     * A declared stream arrived (or changed): it is an application of its own, started at once with
     * the context keys of its declaration; a declared stream of the same name stops first, and an
     * application of that name is never replaced.
     */
    public synchronized StreamStatus declare(String name, StreamingApplication stream, Config args) {
        ManagedStream previous = streams.get(name);
        if (previous != null) {
            if (!(previous.application() instanceof DeclaredStream)) {
                throw new ConfigException("a stream named '" + name + "' is an application already; give the"
                        + " declared stream another name with name = ...");
            }
            StreamState state = previous.state();
            if (state == StreamState.RUNNING || state == StreamState.WAITING) {
                previous.redefine(stream, args);
                return previous.status();
            }
            streams.remove(name);
        }
        add(name, stream, "declared stream " + name); // declared streams are remembered by their files
        try {
            return start(name, args);
        } catch (RuntimeException e) {
            streams.remove(name); // refused: the file's entry says why, and no stopped stream stays behind
            throw e;
        }
    }

    /** A declared stream's file is gone: it finishes what it received and stops. */
    public synchronized void undeclare(String name, StreamingApplication stream) {
        ManagedStream s = streams.get(name);
        if (s != null && s.application() == stream) {
            s.stop(true);
            streams.remove(name);
        }
    }

    /** A declared stream's file could not be declared: it is listed as FAILED under {@code entry} with {@code error}. */
    public synchronized void refuse(String entry, String error) {
        refused.put(entry, new RefusedFile(entry, error));
    }

    /** The file of {@code entry} was declared after all, or deleted. */
    public synchronized void clearRefusal(String entry) {
        refused.remove(entry);
    }

    /** A stream's container leads its group now, or no longer (told on the group's thread). */
    synchronized void leadershipChanged(String name, boolean leads) {
        ManagedStream s = streams.get(name);
        if (s != null) {
            s.leads(leads);
        }
    }

    /** A plugin arrived: waiting streams that can now run start. */
    public synchronized void pluginAdded() {
        streams.values().forEach(ManagedStream::reconcile);
    }

    /** Another provider serves a plugin type from now on: the streams that use it upgrade to it. */
    public synchronized void pluginReplaced(PluginRef ref) {
        streams.values().forEach(s -> s.pluginReplaced(ref));
    }

    /** A plugin is leaving: streams that use it stop before it goes. */
    public synchronized void pluginRemoved(PluginRef ref) {
        streams.values().forEach(s -> s.pluginRemoved(ref));
    }

    public synchronized void stopAll() {
        streams.values().forEach(s -> s.stop(false));
    }

    /** The container is shutting down (SIGTERM, Ctrl-C): every running stream finishes what it received. */
    public synchronized void stopAllGracefully() {
        streams.values().forEach(s -> s.stop(true));
    }

    @Override
    public synchronized List<StreamSummary> list() {
        var all = new ArrayList<StreamSummary>();
        streams.forEach((name, s) -> all.add(new StreamSummary(name, s.state(), s.description())));
        refused.values().forEach(r -> all.add(r.summary()));
        return all;
    }

    /** Starts an application's stream, and remembers it until {@link #stop} (a declared stream has its file). */
    @Override
    public synchronized StreamStatus start(String application, Config args) {
        ManagedStream s = find(application);
        s.start(args);
        if (!(s.application() instanceof DeclaredStream)) {
            try {
                remembered.remember(application, args);
            } catch (java.io.UncheckedIOException e) {
                LOG.warn("{}; it runs, but will not start again with the container", e.getMessage());
            }
        }
        return s.status();
    }

    @Override
    public synchronized StreamStatus stop(String application, boolean gracefully) {
        ManagedStream s = find(application);
        remembered.forget(application);
        s.stop(gracefully);
        StreamStatus status = s.status();
        if (s.application() == null) {
            streams.remove(application); // it held for an application that never came back
        }
        return status;
    }

    @Override
    public synchronized CheckpointStatus checkpoint(String application) {
        return answer(application, RefusedFile::checkpoint,
                s -> CheckpointView.of(application, s.running(), s.arguments()));
    }

    @Override
    public synchronized StreamStatus status(String application) {
        return answer(application, RefusedFile::status, ManagedStream::status);
    }

    @Override
    public synchronized StreamMetrics metrics(String application) {
        return answer(application, RefusedFile::metrics, s -> {
            StreamStatus status = s.status();
            return MetricsView.of(application, status.state(), s.running(), status.receivers(), s.stats().figures());
        });
    }

    @Override
    public synchronized StreamGraph graph(String application) {
        return answer(application, RefusedFile::graph, s -> StreamReport.graph(application, s.running()));
    }

    @Override
    public synchronized StreamStatus discardState(String application) {
        ManagedStream s = find(application);
        s.discardState();
        return s.status();
    }

    @Override
    public List<PluginDescription> plugins() {
        return plugins.describe();
    }

    @Override
    public List<Parameter> contextKeys() {
        return ContextSettings.parameters();
    }

    /** What a refused file's entry answers, or else the stream's. */
    private <T> T answer(String name, Function<RefusedFile, T> ifRefused, Function<ManagedStream, T> ifStream) {
        RefusedFile r = refused.get(name);
        return r != null ? ifRefused.apply(r) : ifStream.apply(find(name));
    }

    private ManagedStream find(String application) {
        ManagedStream s = streams.get(application);
        if (s == null && refused.containsKey(application)) {
            throw refused.get(application).notAStream();
        }
        if (s == null) {
            throw new SluiceException("unknown application '" + application + "'; "
                    + (streams.isEmpty() ? "no applications are installed"
                    : "applications: " + String.join(", ", streams.keySet())));
        }
        return s;
    }
}
