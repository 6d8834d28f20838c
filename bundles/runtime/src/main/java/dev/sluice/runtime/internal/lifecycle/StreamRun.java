package dev.sluice.runtime.internal.lifecycle;

import dev.sluice.api.Config;
import dev.sluice.api.InvalidGraphException;
import dev.sluice.api.SluiceException;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.Time;
import dev.sluice.api.spi.GroupMembership;
import dev.sluice.api.spi.KeyExchange;
import dev.sluice.api.spi.RecordCodec;
import dev.sluice.runtime.internal.block.BlockStore;
import dev.sluice.runtime.internal.checkpoint.Checkpointer;
import dev.sluice.runtime.internal.checkpoint.RecoveryPlan;
import dev.sluice.runtime.internal.exec.Execution;
import dev.sluice.runtime.internal.exec.WorkerPool;
import dev.sluice.runtime.internal.graph.DStreamGraph;
import dev.sluice.runtime.internal.graph.InputNode;
import dev.sluice.runtime.internal.graph.OutputNode;
import dev.sluice.runtime.internal.graph.StatefulNode;
import dev.sluice.runtime.internal.graph.StreamEnvironment;
import dev.sluice.runtime.internal.graph.StreamStopException;
import dev.sluice.runtime.internal.plugin.MissingPluginException;
import dev.sluice.runtime.internal.plugin.PluginRef;
import dev.sluice.runtime.internal.plugin.Plugins;
import dev.sluice.runtime.internal.scheduler.BatchCheckpoints;
import dev.sluice.runtime.internal.scheduler.JobScheduler;
import dev.sluice.runtime.internal.scheduler.ListenerBus;
import dev.sluice.runtime.internal.scheduler.StuckPolicy;
import dev.sluice.api.management.StuckBatch;
import dev.sluice.runtime.internal.serial.Serialization;
import dev.sluice.runtime.internal.settings.ContextSettings;
import dev.sluice.runtime.internal.storage.BlockLogs;
import dev.sluice.runtime.internal.storage.SnapshotDirectory;
import dev.sluice.runtime.internal.time.Clock;
import dev.sluice.runtime.internal.time.RecurringTimer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a stream's graph: start (plugins, outputs, recovery, inputs, scheduler), graceful
 * stop, shutdown, and the wait for its end. A run happens once: after stop it cannot start again.
 */
public final class StreamRun {

    private static final Logger LOG = LoggerFactory.getLogger(StreamRun.class);

    private enum State { INITIALIZED, ACTIVE, PAUSED, STOPPED }

    /** What a run works with; the context makes these when it is created. */
    public record Parts(StreamingSettings settings, Clock clock, Plugins plugins, DStreamGraph graph,
                        ListenerBus bus, Serialization serialization, BlockStore blocks, WorkerPool pool,
                        Execution execution, String threadPrefix) {
    }

    private final Parts parts;
    private final StreamingSettings settings;
    private final DStreamGraph graph;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile State state = State.INITIALIZED;
    private volatile StreamStopException failure;
    private String checkpointDirectory;
    private BlockLogs logs = BlockLogs.NONE;
    private JobScheduler scheduler;
    private Checkpointer checkpointer;
    /** Set while paused for a live upgrade: what the next version's run takes over. */
    private Handover handover;

    public StreamRun(Parts parts) {
        this.parts = parts;
        this.settings = parts.settings();
        this.graph = parts.graph();
    }

    private String appName() {
        return settings.appName();
    }

    /** Starts the run, recovering from {@code checkpointDirectory} (null: none) if it has checkpoints. */
    public synchronized void start(String checkpointDirectory) {
        start(checkpointDirectory, null);
    }

    /**
     * Starts the run; with a {@code handover} it goes on from a paused run of the stream's previous
     * version instead of from the checkpoints, and refuses with {@link UpgradeRefusedException} a graph
     * the carried state does not fit.
     */
    public synchronized void start(String checkpointDirectory, Handover handover) {
        if (state != State.INITIALIZED) {
            throw new InvalidGraphException("context '" + appName() + "' was already "
                    + (state == State.STOPPED ? "stopped" : "started") + "; a context runs once, make a new one");
        }
        this.checkpointDirectory = checkpointDirectory;
        graph.validate();
        for (PluginRef ref : graph.requiredPlugins()) {
            if (!parts.plugins().has(ref)) {
                throw new MissingPluginException(ref, parts.plugins());
            }
        }
        RecoveringStart recovering = new RecoveringStart(parts, checkpointDirectory,
                message -> stopOnFailure(new StreamStopException(message, null)));
        try {
            RecordCodec codec = parts.serialization().serializer();
            long interval = settings.batchInterval().toMillis();
            long now = parts.clock().millis();
            graph.deriveNames();
            Optional<RecoveryPlan> plan;
            Optional<RecoveryPlan> checkpointPlan;
            if (handover == null) {
                plan = recovering.plan(now);
                checkpointPlan = plan;
                logs = recovering.openLogs();
            } else {
                handover.restoreState(graph, parts.serialization().serializer());
                recovering.reopen();
                plan = Optional.of(handover.plan(now));
                checkpointPlan = handover.checkpointPlan(graph, plan.get());
                logs = handover.logs();
            }
            // the sources and sinks of a stream a group shares learn the group from its settings
            Config config = graph.sharedGroup().map(g -> settings.config().with(GroupMembership.SHARED_GROUP, g)
                    .with(GroupMembership.SHARED_SESSION_TIMEOUT,
                            ContextSettings.GROUP_SESSION_TIMEOUT.get(settings.config()).toMillis() + "ms")
                    .with(GroupMembership.SHARED_INPUTS, String.valueOf(graph.inputs().size())))
                    .orElse(settings.config());
            if (!graph.exchangedShuffles().isEmpty()) {
                // the sources divide the exchange's key partitions among the members with their input's
                config = config.with(KeyExchange.SHUFFLES, String.join(",", graph.exchangedShuffles()))
                        .with(KeyExchange.STATE_SHUFFLES, String.join(",", graph.stateShuffles()))
                        .with(KeyExchange.CHAINED_SHUFFLES, String.join(",", graph.chainedShuffles().entrySet().stream()
                                .flatMap(e -> e.getValue().stream().map(up -> e.getKey() + "=" + up)).toList()));
                config = withSnapshots(config);
                graph.exchangeWith(codec);
            }
            for (OutputNode<?> out : graph.outputs()) {
                out.action().open(parts.plugins(), config.withObject(RecordCodec.CONFIG_KEY, codec), parts.clock());
            }
            var env = new StreamEnvironment(parts.plugins(), parts.blocks(), parts.clock(), config,
                    parts.bus(), codec, logs);
            // members of a group start at different times: their windows must slide at the same times
            long zero = RecurringTimer.nextAligned(now - interval,
                    graph.sharedGroup().isPresent() ? SlideGrid.of(graph) : interval);
            long first = zero + interval;
            graph.start(handover != null ? handover.zeroTime()
                    : plan.map(p -> p.checkpoint().zeroTime()).orElse(new Time(zero)));
            if (handover != null) {
                handover.handInputs(graph);
            }
            for (InputNode<?> in : graph.inputs()) {
                in.start(env);
            }
            checkpointer = recovering.checkpointer(checkpointPlan).orElse(null);
            List<Time> run = List.of();
            Time completed = graph.zeroTime();
            if (plan.isPresent()) {
                RecoveryPlan p = plan.get();
                p.replay().forEach(t -> graph.replay(t, p.restoredAt()));
                run = p.run();
                completed = p.lastCompleted();
                Time last = run.isEmpty() ? p.lastCompleted() : run.get(run.size() - 1);
                first = Math.max(first, last.millis() + interval);
            }
            scheduler = new JobScheduler(parts.threadPrefix(), graph, parts.execution(), parts.clock(), parts.bus(),
                    this::stopOnFailure, checkpointer != null ? checkpointer : BatchCheckpoints.NONE,
                    StuckPolicy.of(settings.config(), settings.batchInterval()));
            scheduler.start(run, new Time(first), completed);
            if (handover != null) {
                handover.finish();
            }
            state = State.ACTIVE;
            LOG.info("Stream {} started: batch interval {} ms, {} worker threads, {}first batch at {}",
                    appName(), interval, settings.parallelism(),
                    run.isEmpty() ? "" : run.size() + (handover != null ? " held" : " recovered") + " batches, then ",
                    new Time(first));
        } catch (RuntimeException e) {
            if (checkpointer == null) {
                recovering.close();
            }
            state = State.STOPPED;
            shutDown(handover == null);
            terminated.countDown();
            throw e;
        }
    }

    /**
     * {@code config} with the directory and the interval of the snapshots of the state kept per key
     * partition ({@link KeyExchange#SNAPSHOT_FILES}), when the stream keeps any and has a directory for them.
     */
    private Config withSnapshots(Config config) {
        if (graph.stateShuffles().isEmpty()) {
            return config;
        }
        Optional<String> directory = ContextSettings.GROUP_SNAPSHOTS.find(settings.config())
                .or(() -> Optional.ofNullable(checkpointDirectory).map(d -> d + "/group-state"));
        if (directory.isEmpty()) {
            return config;
        }
        Duration interval = graph.statefulNodes().stream().map(StatefulNode::checkpointInterval)
                .min(Duration::compareTo).orElse(settings.batchInterval());
        try {
            return config.withObject(KeyExchange.SNAPSHOT_FILES, SnapshotDirectory.open(directory.get()))
                    .with(KeyExchange.SNAPSHOT_INTERVAL, interval.toMillis() + "ms");
        } catch (java.io.IOException e) {
            throw new SluiceException("cannot open the directory of the state snapshots " + directory.get() + ": "
                    + e.getMessage() + "; check that it is reachable, or choose another with group.snapshots", e);
        }
    }

    /**
     * A live upgrade's first half: makes no further batch, waits for the running ones, and hands
     * over what the next version's run goes on from: state, inputs (receiving on), blocks, logs, and
     * the checkpoint directory after a final checkpoint. Empty if the running batches do not finish
     * within {@code timeoutMillis}: the run then makes no more batches, and the caller stops it.
     * {@code leftSources}: source plugin types that are leaving, whose inputs stop now.
     */
    public synchronized Optional<Handover> pause(java.util.Set<String> leftSources, long timeoutMillis) {
        if (state != State.ACTIVE) {
            return Optional.empty();
        }
        Optional<Time> boundary;
        try {
            boundary = scheduler.pause(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        if (boundary.isEmpty()) {
            return Optional.empty();
        }
        scheduler.stop();
        Time last = boundary.get().isAfter(graph.zeroTime()) ? boundary.get() : graph.zeroTime();
        handover = Handover.capture(graph, last, parts.execution(), parts.serialization().serializer(), parts.blocks(),
                logs);
        leftSources.forEach(handover::sourceLeft);
        if (checkpointer != null) {
            checkpointer.finalCheckpoint();
            checkpointer.close();
            checkpointer.latest().ifPresent(handover::checkpoint);
            checkpointer = null;
        }
        graph.outputs().forEach(out -> out.action().close());
        parts.pool().close();
        parts.bus().stop();
        state = State.PAUSED;
        LOG.info("Stream {} paused after batch {} for its new version", appName(), last);
        return Optional.of(handover);
    }

    /**
     * Stops receiving, waits for the batch that takes the last received data and its outputs,
     * writes a final checkpoint; then {@link #stop()} ends the run. A batch that does not finish in
     * time is left to recovery.
     */
    public void finishReceivedBatches() {
        JobScheduler running;
        synchronized (this) {
            if (state != State.ACTIVE) {
                return;
            }
            running = scheduler;
        }
        long interval = settings.batchInterval().toMillis();
        graph.inputs().forEach(InputNode::stopReceiving);
        // what was received goes into the next batch; without any, the batch due now is the last
        long next = RecurringTimer.nextAligned(parts.clock().millis(), interval);
        Time last = new Time(graph.inputs().stream().anyMatch(InputNode::hasUntakenData) ? next : next - interval);
        long timeout = ContextSettings.GRACEFUL_STOP_TIMEOUT.find(settings.config())
                .orElse(Duration.ofMillis(Math.max(30_000, 10 * interval))).toMillis();
        LOG.info("Stream {} stops gracefully: receiving stopped, finishing the batches up to {}", appName(), last);
        try {
            if (!running.drain(last, timeout)) {
                LOG.warn("Stream {}: the batches up to {} did not finish within {} ms; it stops now and recovery runs"
                        + " them at the next start", appName(), last, timeout);
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        running.stop();
        if (checkpointer != null && failure == null) {
            checkpointer.finalCheckpoint();
        }
    }

    /** Ends the run at once; the batches not done are left to recovery. A paused run's handover, if not taken, closes. */
    public void stop() {
        synchronized (this) {
            if (state == State.STOPPED) {
                return;
            }
            State was = state;
            state = State.STOPPED;
            if (was == State.ACTIVE) {
                shutDown(true);
                LOG.info("Stream {} stopped", appName());
            } else if (was == State.PAUSED) {
                handover.close();
            }
        }
        terminated.countDown();
    }

    /** {@code withStorage}: the blocks and logs close too; not when a handover carries them to another run. */
    private void shutDown(boolean withStorage) {
        graph.outputs().forEach(out -> out.action().cancel());
        if (scheduler != null) {
            scheduler.stop();
        }
        for (InputNode<?> in : graph.inputs()) {
            try {
                in.stop();
            } catch (RuntimeException e) {
                LOG.warn("Input {} of {} failed to stop", in, appName(), e);
            }
        }
        for (OutputNode<?> out : graph.outputs()) {
            out.action().close();
        }
        parts.pool().close();
        parts.bus().stop();
        if (checkpointer != null) {
            checkpointer.close();
        }
        if (withStorage) {
            parts.blocks().close();
            logs.close();
        }
    }

    public void awaitTermination() throws InterruptedException {
        terminated.await();
        rethrowFailure();
    }

    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        boolean stopped = terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (stopped) {
            rethrowFailure();
        }
        return stopped;
    }

    private void rethrowFailure() {
        StreamStopException f = failure;
        if (f != null) {
            throw new SluiceException("stream " + appName() + " stopped: " + f.getMessage(), f);
        }
    }

    /** Why the stream stopped on its own, if it did. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure).map(StreamStopException::getMessage);
    }

    /** The running batch, if it is stuck. */
    public Optional<StuckBatch> stuckBatch() {
        if (state != State.ACTIVE) {
            return Optional.empty();
        }
        JobScheduler running = scheduler;
        return running == null ? Optional.empty() : running.stuckBatch();
    }

    /** The checkpoints being written, if the run has a checkpoint directory. */
    public Optional<Checkpointer> checkpointer() {
        return Optional.ofNullable(checkpointer);
    }

    /** An output's failure stops the stream: called on the job thread. */
    private void stopOnFailure(StreamStopException e) {
        failure = e;
        stop();
    }
}
