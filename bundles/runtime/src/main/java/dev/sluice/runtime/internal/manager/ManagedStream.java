package dev.sluice.runtime.internal.manager;

import dev.sluice.api.management.ClosestName;
import dev.sluice.runtime.internal.plugin.MissingPluginException;
import dev.sluice.runtime.internal.checkpoint.CheckpointReport;
import dev.sluice.runtime.internal.settings.ContextSettings;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.SluiceException;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.listener.ReceiverInfo;
import dev.sluice.api.management.CheckpointStatus;
import dev.sluice.api.management.StreamEvent;
import dev.sluice.api.management.StreamGraph;
import dev.sluice.api.management.StreamMetrics;
import dev.sluice.api.management.StreamState;
import dev.sluice.api.management.StreamStatus;
import dev.sluice.api.spi.Parameter;
import dev.sluice.api.spi.StreamingApplication;
import dev.sluice.runtime.internal.context.StreamingContextImpl;
import dev.sluice.runtime.internal.graph.InputNode;
import dev.sluice.runtime.internal.plugin.PluginRef;
import dev.sluice.runtime.internal.plugin.Plugins;
import dev.sluice.runtime.internal.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One application's stream in the container. Started, it runs when every plugin its graph uses
 * is installed and waits otherwise. When a sink plugin it uses leaves, it keeps running but holds
 * its batches (state WAITING) until the sink returns, so nothing is lost; when a source or an
 * operator plugin leaves, it stops and waits, and runs again as a fresh context built by the
 * application from the same arguments (an operator plugin is needed to build the graph at all).
 * Callers synchronize (see {@link Streams}).
 */
final class ManagedStream {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedStream.class);

    private final String name;
    private final StreamingApplication application;
    private final Plugins plugins;
    private final Clock clock;
    private StreamState state = StreamState.STOPPED;
    private Config args = Config.empty();
    private StreamingContextImpl context;
    private BatchStats stats = new BatchStats();
    private Set<PluginRef> required = Set.of();
    private List<PluginRef> waitingFor = List.of();
    private String lastError;
    private final StreamEvents events;

    ManagedStream(String name, StreamingApplication application, Plugins plugins, Clock clock) {
        this.name = name;
        this.application = application;
        this.plugins = plugins;
        this.clock = clock;
        this.events = new StreamEvents(clock);
    }

    StreamState state() {
        noteSelfStop();
        return state;
    }

    String description() {
        return application.description();
    }

    StreamingApplication application() {
        return application;
    }

    void start(Config arguments) {
        if (state == StreamState.RUNNING || state == StreamState.WAITING) {
            throw new SluiceException("stream '" + name + "' is already " + state.name().toLowerCase()
                    + "; stop it first with stream:stop " + name);
        }
        checkKeys(arguments);
        args = arguments;
        stats = new BatchStats();
        lastError = null;
        state = StreamState.WAITING;
        reconcile();
    }

    private void checkKeys(Config arguments) {
        Set<String> known = Stream.concat(application.parameters().stream(), ContextSettings.parameters().stream())
                .map(Parameter::key).collect(Collectors.toCollection(TreeSet::new));
        for (String key : arguments.asMap().keySet()) {
            if (!known.contains(key)) {
                throw new ConfigException("unknown key '" + key + "' for " + name
                        + ClosestName.didYouMean(key, known) + " (it takes " + String.join(", ", known) + ")");
            }
        }
    }

    /**
     * Brings the stream in line with the installed plugins: start what can run, hold the batches of
     * a running stream whose sink left, and stop one whose source left.
     */
    void reconcile() {
        noteSelfStop();
        if (context != null) {
            List<PluginRef> missing = missing(required);
            // without a sink the stream holds its batches; without a source or operator it cannot go on
            if (missing.stream().allMatch(r -> r.kind() == PluginRef.Kind.SINK)) {
                holdOrResume(missing);
                return;
            }
            LOG.warn("Stream {} stops and waits: {} left", name, describe(missing));
            events.record(StreamEvent.Kind.WAITING, "stopped and waits: " + describe(missing) + " left");
            stopContext();
            state = StreamState.WAITING;
            waitingFor = missing;
        }
        if (state == StreamState.WAITING) {
            tryToRun();
        }
    }

    /** The context keeps running; its outputs wait inside their batch for a missing sink. */
    private void holdOrResume(List<PluginRef> missingSinks) {
        if (missingSinks.isEmpty() && state == StreamState.WAITING) {
            LOG.info("Stream {} resumes: its plugins are back", name);
            events.record(StreamEvent.Kind.RESUMED, "resumed: " + describe(waitingFor) + " returned");
        } else if (!missingSinks.isEmpty() && state == StreamState.RUNNING) {
            LOG.warn("Stream {} holds its batches until {} returns", name, describe(missingSinks));
            events.record(StreamEvent.Kind.HELD, "holds its batches until " + describe(missingSinks) + " returns");
        }
        state = missingSinks.isEmpty() ? StreamState.RUNNING : StreamState.WAITING;
        waitingFor = missingSinks;
    }

    /**
     * A plugin of this type left. A sink is taken over by another provider of its type at the next
     * batch, or the batches wait for it; a source's stream restarts on another provider or waits.
     */
    void pluginRemoved(PluginRef ref) {
        noteSelfStop();
        if (context == null || !required.contains(ref)) {
            return;
        }
        if (ref.kind() == PluginRef.Kind.SINK) {
            reconcile();
            return;
        }
        LOG.warn("Stream {} stops: its {} left", name, ref);
        events.record(StreamEvent.Kind.WAITING, "stopped and waits: its " + ref + " left");
        stopContext();
        state = StreamState.WAITING;
        tryToRun();
    }

    private void tryToRun() {
        StreamingContextImpl candidate;
        try {
            candidate = define();
        } catch (ConfigException e) {
            // a bad argument value: the caller of start hears it, and the stream stays as it was
            state = StreamState.STOPPED;
            throw e;
        } catch (MissingPluginException e) {
            // an operator plugin is needed to build the graph at all: wait for it like for any plugin
            waitingFor = List.of(e.missing());
            LOG.info("Stream {} waits for {}", name, e.missing());
            events.record(StreamEvent.Kind.WAITING, "waits for " + e.missing());
            return;
        } catch (RuntimeException e) {
            fail("could not define the stream: " + e.getMessage(), e);
            return;
        }
        required = new LinkedHashSet<>(candidate.graph().requiredPlugins());
        waitingFor = missing(required);
        if (!waitingFor.isEmpty()) {
            LOG.info("Stream {} waits for {}", name, describe(waitingFor));
            events.record(StreamEvent.Kind.WAITING, "waits for " + describe(waitingFor));
            return;
        }
        try {
            candidate.start();
            context = candidate;
            state = StreamState.RUNNING;
            events.record(StreamEvent.Kind.STARTED, "started with " + describe(List.copyOf(required)));
        } catch (RuntimeException e) {
            fail("could not start: " + e.getMessage(), e);
        }
    }

    private StreamingContextImpl define() {
        var settings = new StreamingSettings(name,
                ContextSettings.BATCH.find(args).orElse(application.defaultBatchInterval()),
                ContextSettings.PARALLELISM.find(args).orElse(ContextSettings.defaultParallelism()), args);
        var ctx = new StreamingContextImpl(settings, clock, plugins);
        ctx.addStreamingListener(stats);
        // the application may set its own directory; a checkpoint argument is the default it overrides
        ContextSettings.CHECKPOINT.find(args).filter(d -> !d.isBlank()).ifPresent(ctx::checkpoint);
        application.define(ctx, withDefaults(args));
        return ctx;
    }

    /** The application sees its declared defaults for keys the user did not give. */
    private Config withDefaults(Config given) {
        var defaults = new java.util.LinkedHashMap<String, String>();
        for (Parameter p : application.parameters()) {
            if (p.defaultValue() != null) {
                defaults.put(p.key(), p.defaultValue());
            }
        }
        return Config.of(defaults).with(given);
    }

    private void fail(String message, RuntimeException e) {
        LOG.error("Stream {} {}", name, message, e);
        lastError = message;
        state = StreamState.FAILED;
        events.record(StreamEvent.Kind.FAILED, message);
    }

    void stop(boolean gracefully) {
        if (gracefully && context != null) {
            context.stop(true);
        }
        stopContext();
        events.recordUnless(state == StreamState.STOPPED, StreamEvent.Kind.STOPPED,
                gracefully ? "stopped gracefully" : "stopped now");
        state = StreamState.STOPPED;
        waitingFor = List.of();
    }

    private void stopContext() {
        if (context != null) {
            context.stop();
            context = null;
        }
    }

    /** The running context's latest checkpoint, or the newest readable one in the directory it was started with. */
    CheckpointStatus checkpoint() {
        noteSelfStop();
        if (context != null && context.run().checkpointer().isPresent()) {
            return CheckpointReport.of(name, context.run().checkpointer().get());
        }
        Optional<String> dir = context != null ? context.checkpointDirectory()
                : ContextSettings.CHECKPOINT.find(args);
        return dir.isEmpty() || dir.get().isBlank() ? CheckpointStatus.none(name)
                : CheckpointReport.read(name, dir.get());
    }

    private List<PluginRef> missing(Set<PluginRef> refs) {
        return refs.stream().filter(r -> !plugins.has(r)).toList();
    }

    private static String describe(List<PluginRef> refs) {
        return refs.stream().map(PluginRef::toString).collect(Collectors.joining(", "));
    }

    /** A context that stopped itself (an output failed for good, output.onFailure=stop) leaves the stream FAILED. */
    private void noteSelfStop() {
        if (context != null && context.run().failure().isPresent()) {
            lastError = context.run().failure().get();
            context = null;
            state = StreamState.FAILED;
            events.record(StreamEvent.Kind.FAILED, lastError);
            waitingFor = List.of();
        }
    }

    StreamStatus status() {
        noteSelfStop();
        List<ReceiverInfo> receivers = context == null ? List.of()
                : context.graph().inputs().stream().map(InputNode::receiverInfo).flatMap(Optional::stream).toList();
        return new StreamStatus(name, state, args.asMap(), waitingFor.stream().map(PluginRef::toString).toList(),
                stats.completed(), stats.failed(), stats.recent(), receivers, Optional.ofNullable(lastError),
                events.list());
    }

    StreamGraph graph() {
        noteSelfStop();
        return context == null ? new StreamGraph(name, List.of(), List.of()) : GraphView.of(name, context.graph());
    }

    StreamMetrics metrics() {
        return MetricsView.of(name, state(), context, status().receivers(), stats.figures());
    }
}
