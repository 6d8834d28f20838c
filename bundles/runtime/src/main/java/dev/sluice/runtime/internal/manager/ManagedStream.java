package dev.sluice.runtime.internal.manager;

import dev.sluice.runtime.internal.plugin.MissingPluginException;
import dev.sluice.runtime.internal.settings.ContextSettings;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.SluiceException;
import dev.sluice.api.management.StreamEvent;
import dev.sluice.api.management.StreamState;
import dev.sluice.api.management.StreamStatus;
import dev.sluice.api.spi.StreamingApplication;
import dev.sluice.runtime.internal.context.StreamingContextImpl;
import dev.sluice.runtime.internal.lifecycle.UpgradeRefusedException;
import dev.sluice.runtime.internal.plugin.PluginRef;
import dev.sluice.runtime.internal.plugin.Plugins;
import dev.sluice.runtime.internal.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One application's stream in the container. Started, it runs when every plugin its graph uses
 * is installed and waits otherwise. When a sink plugin it uses leaves, it keeps running but holds
 * its batches (state WAITING) until the sink returns, so nothing is lost. When its application or
 * a source or operator plugin it uses leaves (an update, a new version), it pauses at the next
 * batch boundary and holds its state, received data and batches; when the code returns, a new
 * context built by the application goes on from the paused one (a live upgrade), or, if the new
 * version does not fit the state, the stream keeps holding and says why.
 * Callers synchronize (see {@link Streams}).
 */
final class ManagedStream {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedStream.class);

    private final String name;
    /** Null while the application is gone (being updated): a running stream holds until it returns. */
    private StreamingApplication application;
    private String applicationOrigin;
    private final Plugins plugins;
    private final Clock clock;
    /** Volatile, like {@code stats}: the group reporter's thread reads them. */
    private volatile StreamState state = StreamState.STOPPED;
    private Config args = Config.empty();
    private StreamingContextImpl context;
    private volatile BatchStats stats = new BatchStats();
    private Set<PluginRef> required = Set.of();
    private List<PluginRef> waitingFor = List.of();
    private String lastError;
    /** The previous version's paused run, while the stream is held for a new one. */
    private HeldVersion held;
    private final UpgradeLog upgrades;
    /** Its place in a group of containers, when started with a group; news of the lead comes through {@code leadershipNews}. */
    private GroupSeat seat;
    /** Posts this member's status to its group's board and reads the others', when started with a group. */
    private final GroupReporter reporter;
    private final Consumer<Boolean> leadershipNews;
    private final StreamEvents events;

    ManagedStream(String name, StreamingApplication application, String origin, Plugins plugins, Clock clock,
                  Consumer<Boolean> leadershipNews) {
        this.leadershipNews = leadershipNews;
        this.name = name;
        this.application = application;
        this.applicationOrigin = origin;
        this.plugins = plugins;
        this.clock = clock;
        this.upgrades = new UpgradeLog(name);
        this.events = new StreamEvents(name, clock);
        this.reporter = new GroupReporter(name, plugins, clock, () -> state, () -> stats);
    }

    StreamState state() {
        noteSelfStop();
        return state;
    }

    String description() {
        return application != null ? application.description() : "(its application is being replaced)";
    }

    StreamingApplication application() {
        return application;
    }

    void start(Config arguments) {
        if (state == StreamState.RUNNING || state == StreamState.WAITING || state == StreamState.STANDBY) {
            throw new SluiceException("stream '" + name + "' is already " + state.name().toLowerCase()
                    + "; stop it first with stream:stop " + name);
        }
        ApplicationArguments.check(name, application, arguments);
        args = arguments;
        stats = new BatchStats();
        lastError = null;
        state = StreamState.WAITING;
        reporter.restart();
        reconcile();
    }

    /** In a group, a stream whose work can be shared starts on every member; any other joins and stands by. */
    private boolean shareOrStandBy(StreamingContextImpl candidate) {
        Optional<String> group = ContextSettings.GROUP.find(args);
        if (seat != null || group.isEmpty()) {
            return true;
        }
        if (SharedWork.share(name, group.get(), candidate.graph(), plugins, args)) {
            reporter.shared();
            return true;
        }
        try {
            seat = GroupSeat.join(plugins, args, leadershipNews).orElse(null);
        } catch (SluiceException e) {
            fail(e.getMessage(), e);
            return false;
        }
        waitingFor = seat == null ? List.of(GroupSeat.PLUGIN) : List.of();
        state = seat == null ? StreamState.WAITING : StreamState.STANDBY; // stands by until this container leads
        return false;
    }

    /** This container leads its group now, or no longer: the stream runs here, or stops here for another to run it. */
    void leads(boolean leads) {
        if (seat != null && leads && state == StreamState.STANDBY) {
            LOG.info("Stream {} leads group {}: it runs here", name, seat.group());
            state = StreamState.WAITING;
            tryToRun();
            if (state == StreamState.FAILED) {
                state = StreamState.STANDBY; // e.g. the last leader's checkpoint lease: try again while leading
                seat.retryLater(leadershipNews);
            }
        } else if (seat != null && !leads && state != StreamState.STANDBY) {
            events.note(StreamEvent.Kind.STOPPED, "no longer leads group " + seat.group() + ": it stops here and"
                    + " stands by, another member goes on");
            stopContext();
            state = StreamState.STANDBY;
        }
    }

    /**
     * Brings the stream in line with the installed plugins: start what can run, hold the batches of
     * a running stream whose sink left, and stop one whose source left.
     */
    void reconcile() {
        noteSelfStop();
        reporter.open(args);
        if (context != null) {
            List<PluginRef> missing = plugins.missing(required);
            // without a sink the stream holds its batches; without a source or operator it cannot go on
            if (missing.stream().allMatch(r -> r.kind() == PluginRef.Kind.SINK)) {
                holdOrResume(missing);
                return;
            }
            holdForNewVersion(missing, Set.of());
        }
        if (state == StreamState.WAITING) {
            tryToRun();
        }
    }

    /** The context keeps running; its outputs wait inside their batch for a missing sink. */
    private void holdOrResume(List<PluginRef> missingSinks) {
        if (missingSinks.isEmpty() && state == StreamState.WAITING) {
            events.note(StreamEvent.Kind.RESUMED, "resumed: " + PluginRef.describe(waitingFor) + " returned");
        } else if (!missingSinks.isEmpty() && state == StreamState.RUNNING) {
            events.note(StreamEvent.Kind.HELD, "holds its batches until " + PluginRef.describe(missingSinks)
                    + " returns");
        }
        state = missingSinks.isEmpty() ? StreamState.RUNNING : StreamState.WAITING;
        waitingFor = missingSinks;
    }

    /**
     * A plugin of this type left. A sink is taken over by another provider of its type at the next
     * batch, or the batches wait for it; a source or an operator leaving pauses the stream until a
     * version of it returns.
     */
    void pluginRemoved(PluginRef ref) {
        noteSelfStop();
        if (ref.kind() == PluginRef.Kind.SOURCE && held != null) {
            held.handover().sourceLeft(ref.type());
        }
        if (context == null || !required.contains(ref)) {
            return;
        }
        if (ref.kind() == PluginRef.Kind.SINK) {
            reconcile();
            return;
        }
        holdForNewVersion(List.of(ref), ref.kind() == PluginRef.Kind.SOURCE ? Set.of(ref.type()) : Set.of());
    }

    /**
     * Another provider serves a plugin type this stream uses: a source or operator is upgraded to it
     * at the next batch boundary; a sink's next batch uses it anyway.
     */
    void pluginReplaced(PluginRef ref) {
        noteSelfStop();
        if (context != null && required.contains(ref) && ref.kind() != PluginRef.Kind.SINK) {
            holdForNewVersion(List.of(), ref.kind() == PluginRef.Kind.SOURCE ? Set.of(ref.type()) : Set.of());
        }
        reconcile();
    }

    /** The application's service left (its bundle is updated or stopped): a running stream holds until it returns. */
    void applicationRemoved() {
        noteSelfStop();
        application = null;
        if (context != null) {
            holdForNewVersion(List.of(), Set.of());
        }
    }

    /** The application's service (again, or a new version beside the old): the stream goes on with it. */
    void applicationAdded(StreamingApplication app, String origin) {
        if (context != null) {
            holdForNewVersion(List.of(), Set.of());
        }
        application = app;
        applicationOrigin = origin;
        reconcile();
    }

    /** A declared stream's file changed: it goes on with the new declaration at the next batch boundary. */
    void redefine(StreamingApplication app, Config arguments) {
        application = app;
        args = arguments;
        if (context != null) {
            holdForNewVersion(List.of(), Set.of());
        }
        if (state == StreamState.WAITING) {
            tryToRun();
        }
    }

    /** Pauses the running context at the next batch boundary and holds it for the next version. */
    private void holdForNewVersion(List<PluginRef> missing, Set<String> leftSources) {
        held = HeldVersion.pause(name, context, missing, leftSources).orElse(null);
        events.record(StreamEvent.Kind.HELD, "holds its state and batches for its new version"
                + (missing.isEmpty() ? "" : ": " + PluginRef.describe(missing) + " left"));
        context = null;
        state = StreamState.WAITING;
        waitingFor = missing;
    }

    /** Drops the held state the new version does not fit, and goes on. */
    void discardState() {
        if (held == null || lastError == null) {
            throw new SluiceException("stream '" + name + "' is not held for a version that does not fit its state;"
                    + " nothing to discard");
        }
        held.handover().discardUnmatched();
        reconcile();
    }

    private void tryToRun() {
        if (application == null) {
            waitingFor = List.of();
            return;
        }
        StreamingContextImpl candidate;
        try {
            candidate = define();
        } catch (MissingPluginException e) {
            // an operator plugin is needed to build the graph at all: wait for it like for any plugin
            waitingFor = List.of(e.missing());
            events.note(StreamEvent.Kind.WAITING, "waits for " + e.missing());
            return;
        } catch (ConfigException e) {
            if (held == null) {
                // a bad argument value: the caller of start hears it, and the stream stays as it was
                state = StreamState.STOPPED;
                throw e;
            }
            refuse(e.getMessage());
            return;
        } catch (RuntimeException e) {
            notStarted("could not define the stream: ", e);
            return;
        }
        required = new LinkedHashSet<>(candidate.graph().requiredPlugins());
        waitingFor = plugins.missing(required);
        if (!waitingFor.isEmpty()) {
            events.note(StreamEvent.Kind.WAITING, "waits for " + PluginRef.describe(waitingFor));
            return;
        }
        if (!shareOrStandBy(candidate)) {
            return;
        }
        try {
            candidate.start();
        } catch (RuntimeException e) {
            notStarted(e instanceof UpgradeRefusedException ? "" : "could not start: ", e);
            return;
        }
        context = candidate;
        state = StreamState.RUNNING;
        lastError = null;
        List<String> upgraded = upgrades.started(PluginVersions.of(applicationOrigin, required, plugins),
                held == null ? null : held.firstBatch());
        upgraded.forEach(line -> events.record(StreamEvent.Kind.UPGRADED, line));
        if (upgraded.isEmpty()) {
            events.record(StreamEvent.Kind.STARTED, "started with " + PluginRef.describe(required));
        }
        if (held != null) {
            held.taken();
            held = null;
        }
    }

    /** A held stream refuses the new version that could not be defined or started; another one fails. */
    private void notStarted(String what, RuntimeException e) {
        if (held != null) {
            refuse(what + e.getMessage());
        } else {
            fail(what + e.getMessage(), e);
        }
    }

    /** The new version does not fit: the stream holds on, and says why. */
    private void refuse(String message) {
        lastError = "new version refused: " + message;
        events.note(StreamEvent.Kind.WAITING, lastError + "; it holds");
    }

    private StreamingContextImpl define() {
        return ApplicationArguments.define(name, application, args, clock, plugins,
                held == null ? null : held.handover(), stats);
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
        if (held != null) {
            held.drop(name);
            held = null;
        }
        seat = GroupSeat.leave(seat);
        reporter.close();
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

    /** A context that stopped itself (an output failed for good, output.onFailure=stop) leaves the stream FAILED. */
    private void noteSelfStop() {
        if (context != null && context.run().failure().isPresent()) {
            lastError = context.run().failure().get();
            context = null;
            state = StreamState.FAILED;
            events.record(StreamEvent.Kind.FAILED, lastError);
            waitingFor = List.of();
            seat = GroupSeat.leave(seat); // another member may run it
        }
    }

    StreamStatus status() {
        noteSelfStop();
        return new StreamStatus(name, state, args.asMap(), StreamReport.waiting(name, state, waitingFor,
                        application == null, seat == null ? null : seat.group()),
                stats.completed(), stats.failed(), stats.recent(), StreamReport.receivers(context),
                Optional.ofNullable(lastError), upgrades.versions().byPart(), upgrades.upgrades(),
                seat == null ? List.of() : seat.members(),
                context == null ? Optional.empty() : context.run().stuckBatch(), events.list(),
                reporter.view());
    }

    /** The context running now, if one is; null otherwise. */
    StreamingContextImpl running() {
        noteSelfStop();
        return context;
    }

    Config arguments() {
        return args;
    }

    BatchStats stats() {
        return stats;
    }
}
