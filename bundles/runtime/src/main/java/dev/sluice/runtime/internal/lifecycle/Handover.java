package dev.sluice.runtime.internal.lifecycle;

import dev.sluice.api.Time;
import dev.sluice.api.spi.OperatorProvider;
import dev.sluice.runtime.internal.block.BlockStore;
import dev.sluice.runtime.internal.checkpoint.RecoveryPlan;
import dev.sluice.runtime.internal.checkpoint.StateFit;
import dev.sluice.runtime.internal.exec.Execution;
import dev.sluice.runtime.internal.graph.DStreamGraph;
import dev.sluice.runtime.internal.graph.DStreamNode;
import dev.sluice.runtime.internal.graph.InputNode;
import dev.sluice.runtime.internal.graph.StatefulNode;
import dev.sluice.runtime.internal.plugin.PluginRef;
import dev.sluice.runtime.internal.serial.RecordSerializer;
import dev.sluice.runtime.internal.storage.BlockLogs;
import dev.sluice.runtime.internal.storage.Checkpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a paused run hands to the run of its stream's next version at a batch boundary: the last
 * completed batch, every stateful stream's state as of it (serialized, so that the new version's
 * classes read it back), the inputs with what they received, and the block store and logs those
 * use. A handover is taken once; one never taken is closed with the stream.
 */
public final class Handover {

    private static final Logger LOG = LoggerFactory.getLogger(Handover.class);

    /**
     * One stateful stream's state: its kind, its version (its operator plugin's state version), and
     * its serialized partitions at each batch windows over it still read.
     */
    private record CarriedState(String kind, int version, TreeMap<Time, List<byte[]>> batches) {
    }

    private final Time zeroTime;
    private final Time lastCompleted;
    private final Duration batchInterval;
    private final Map<String, CarriedState> states;
    private final Map<String, InputNode<?>> inputs = new LinkedHashMap<>();
    private final Set<String> leftSources = new HashSet<>();
    private final BlockStore blocks;
    private final BlockLogs logs;
    private Checkpoint checkpoint;
    private boolean discardUnmatched;
    private boolean taken;

    private Handover(DStreamGraph graph, Time lastCompleted, Map<String, CarriedState> states, BlockStore blocks,
                     BlockLogs logs) {
        this.zeroTime = graph.zeroTime();
        this.lastCompleted = lastCompleted;
        this.batchInterval = graph.batchInterval();
        this.states = states;
        this.blocks = blocks;
        this.logs = logs;
        graph.inputs().forEach(in -> inputs.put(in.name(), in));
    }

    /** Takes the state of {@code graph}'s stateful streams after {@code lastCompleted}; no batch may run meanwhile. */
    static Handover capture(DStreamGraph graph, Time lastCompleted, Execution execution, RecordSerializer codec,
                            BlockStore blocks, BlockLogs logs) {
        var states = new LinkedHashMap<String, CarriedState>();
        for (StatefulNode node : graph.statefulNodes()) {
            var batches = new TreeMap<Time, List<byte[]>>();
            long slide = node.slideDuration().toMillis();
            long sinceZero = lastCompleted.millis() - graph.zeroTime().millis();
            Time newest = new Time(lastCompleted.millis() - Math.floorMod(sinceZero, slide));
            Time oldest = newest.minus(node.rememberedForDependents());
            for (Time t = newest; t.isAfter(graph.zeroTime()) && !t.isBefore(oldest); t = t.minus(node.slideDuration())) {
                if (t.equals(newest) || ((DStreamNode<?>) node).hasGenerated(t)) {
                    batches.put(t, serialize(node, t, execution, codec));
                }
            }
            states.put(node.name(), new CarriedState(node.operator(), stateVersion(graph, node), batches));
        }
        return new Handover(graph, lastCompleted, states, blocks, logs);
    }

    private static int stateVersion(DStreamGraph graph, StatefulNode node) {
        return graph.stageOf(node.name()).map(OperatorProvider::stateVersion).orElse(1);
    }

    private static List<byte[]> serialize(StatefulNode node, Time time, Execution execution, RecordSerializer codec) {
        int partitions = node.prepareSnapshot(time, execution);
        var parts = new ArrayList<byte[]>(partitions);
        for (int p = 0; p < partitions; p++) {
            var records = new ArrayList<>();
            node.snapshot(time, p, records::add);
            parts.add(codec.toBytes(records));
        }
        return parts;
    }

    /** A source plugin left while the stream is held: its inputs stop now, and a new version goes on from their progress. */
    public void sourceLeft(String type) {
        leftSources.add(type);
        inputs.values().stream().filter(in -> in.requiredPlugin().equals(Optional.of(PluginRef.source(type))))
                .forEach(InputNode::stop);
    }

    /** The user chose to drop the state the next version has no fitting operator for. */
    public void discardUnmatched() {
        discardUnmatched = true;
    }

    void checkpoint(Checkpoint latest) {
        this.checkpoint = latest;
    }

    public BlockStore blocks() {
        return blocks;
    }

    BlockLogs logs() {
        return logs;
    }

    /** The batch the next version runs first. */
    public Time firstBatch() {
        return lastCompleted.plus(batchInterval);
    }

    Time zeroTime() {
        return zeroTime;
    }

    /**
     * Restores the carried state into {@code graph}, whose names are derived; refuses a graph the
     * state does not fit, or whose classes cannot read it, naming what does not match.
     */
    void restoreState(DStreamGraph graph, RecordSerializer codec) {
        var kinds = new LinkedHashMap<String, String>();
        states.forEach((name, s) -> kinds.put(name, s.kind()));
        StateFit fit = StateFit.of(batchInterval, kinds, graph);
        if (!fit.fits() && (fit.intervalChanged() || !discardUnmatched)) {
            throw new UpgradeRefusedException("the new version does not fit the stream's state: "
                    + String.join("; ", fit.problems()) + ". Its stateful operators: " + StateFit.statefulNames(graph)
                    + ". The stream holds its batches and state until a version that fits arrives"
                    + (fit.intervalChanged() ? "" : ", or until stream:discardState drops the state that does not fit"));
        }
        var read = new LinkedHashMap<StatefulNode, TreeMap<Time, List<Object>>>();
        for (StatefulNode node : graph.statefulNodes()) {
            CarriedState carried = states.get(node.name());
            if (carried == null || fit.unmatched().contains(node.name())) {
                continue;
            }
            try {
                read.put(node, read(graph, node, carried, codec));
            } catch (UpgradeRefusedException e) {
                if (!discardUnmatched) {
                    throw e;
                }
                LOG.warn("Dropping the state of {} as asked: {}", node.name(), e.getMessage());
            }
        }
        for (StatefulNode node : graph.statefulNodes()) {
            TreeMap<Time, List<Object>> batches = read.get(node);
            if (batches == null || batches.isEmpty()) {
                // new in this version, or dropped: empty from here on, never computed from batches before it
                node.restore(lastCompleted, List.of());
            } else {
                batches.forEach(node::restore);
            }
        }
    }

    /** The carried state of {@code node} read by the new version's classes, migrated to its state version. */
    private static TreeMap<Time, List<Object>> read(DStreamGraph graph, StatefulNode node, CarriedState carried,
                                                    RecordSerializer codec) {
        int version = stateVersion(graph, node);
        var batches = new TreeMap<Time, List<Object>>();
        carried.batches().forEach((t, parts) -> {
            var records = new ArrayList<>();
            try {
                parts.forEach(p -> records.addAll(codec.fromBytes(p)));
            } catch (RuntimeException | LinkageError e) {
                throw new UpgradeRefusedException("the new version cannot read the state of " + node.name()
                        + (version == carried.version() ? " (" : ", state version " + carried.version()
                                + " while it keeps version " + version + " (")
                        + e + "); its state type changed, and a migration needs the old type's classes. The stream"
                        + " holds its batches and state until a version that reads it arrives, or until"
                        + " stream:discardState drops it");
            }
            batches.put(t, version == carried.version() ? records
                    : migrate(graph, node, carried.version(), version, records));
        });
        return batches;
    }

    private static List<Object> migrate(DStreamGraph graph, StatefulNode node, int from, int to, List<Object> records) {
        OperatorProvider operator = graph.stageOf(node.name()).orElseThrow();
        try {
            return node.migrateValues(records, value -> operator.migrateState(from, value));
        } catch (UnsupportedOperationException e) {
            throw new UpgradeRefusedException("the state of " + node.name() + " is version " + from + " and the new"
                    + " version keeps version " + to + " with no migration from " + from + " (" + e.getMessage()
                    + "). The stream holds its batches and state until a version that migrates it arrives, or until"
                    + " stream:discardState drops it");
        } catch (RuntimeException e) {
            throw new UpgradeRefusedException("migrating the state of " + node.name() + " from version " + from
                    + " to " + to + " failed: " + e + ". The stream holds its batches and state until a version"
                    + " that migrates it arrives, or until stream:discardState drops it");
        }
    }

    /** Before the new graph's inputs start: each goes on from the paused input of its name. */
    void handInputs(DStreamGraph graph) {
        for (InputNode<?> in : graph.inputs()) {
            InputNode<?> previous = inputs.remove(in.name());
            if (previous == null || previous.getClass() != in.getClass()) {
                if (previous != null) {
                    inputs.put(in.name(), previous);
                }
                continue;
            }
            boolean left = previous.requiredPlugin().map(r -> leftSources.contains(r.type())).orElse(false);
            InputNode.Carry carry = !previous.sourceSettings().equals(in.sourceSettings()) ? InputNode.Carry.DATA_ONLY
                    : left ? InputNode.Carry.PROGRESS : InputNode.Carry.RUNNING_SOURCE;
            in.takeOver(previous, carry);
        }
        taken = true;
    }

    /**
     * How the new run goes on: after the last completed batch, every batch that fell due while the
     * stream was held runs at once, each for its own time; nothing is replayed.
     */
    RecoveryPlan plan(long now) {
        long interval = batchInterval.toMillis();
        long due = zeroTime.millis() + Math.floorDiv(now - zeroTime.millis(), interval) * interval;
        var run = new ArrayList<Time>();
        for (long t = lastCompleted.millis() + interval; t <= due; t += interval) {
            run.add(new Time(t));
        }
        return new RecoveryPlan(checkpoint, null, Map.of(), List.of(), run, lastCompleted);
    }

    /** The checkpoint the new run's checkpoints go on from, less the state it dropped. */
    Optional<RecoveryPlan> checkpointPlan(DStreamGraph graph, RecoveryPlan plan) {
        if (checkpoint == null) {
            return Optional.empty();
        }
        var kinds = new java.util.HashMap<String, String>();
        graph.statefulNodes().forEach(n -> kinds.put(n.name(), n.operator()));
        Checkpoint c = checkpoint;
        var kept = c.states().stream().filter(s -> s.kind().equals(kinds.get(s.name()))).toList();
        var continued = new Checkpoint(c.sequence(), c.appName(), c.batchInterval(), c.zeroTime(), c.time(),
                c.lastCompleted(), c.pending(), c.operators(), kept, c.replayFrom(), c.inputs());
        return Optional.of(new RecoveryPlan(continued, null, Map.of(), List.of(), plan.run(), lastCompleted));
    }

    /** After the new run started: the paused inputs it did not take stop. */
    void finish() {
        inputs.values().forEach(Handover::stopQuietly);
        inputs.clear();
    }

    /** The stream stopped while held: its inputs stop and what they received goes. */
    void close() {
        if (taken) {
            return;
        }
        finish();
        blocks.close();
        logs.close();
    }

    private static void stopQuietly(InputNode<?> in) {
        try {
            in.stop();
        } catch (RuntimeException e) {
            LOG.warn("Input {} failed to stop", in.name(), e);
        }
    }
}
