package dev.sluice.runtime.internal.checkpoint;

import dev.sluice.runtime.internal.storage.Checkpoint;
import dev.sluice.api.Config;
import dev.sluice.runtime.internal.settings.ContextSettings;
import dev.sluice.runtime.internal.storage.CheckpointStore;
import dev.sluice.api.InvalidGraphException;
import dev.sluice.api.SluiceException;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.graph.DStreamGraph;
import dev.sluice.runtime.internal.graph.InputNode;
import dev.sluice.runtime.internal.graph.StatefulNode;
import dev.sluice.runtime.internal.exec.WorkerPool;
import dev.sluice.runtime.internal.serial.RecordSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the checkpoint a starting context goes on from and restores the graph's state from it.
 * The newest checkpoint is used unless it (or a state file it names) cannot be read, then the one
 * before it. A checkpoint of another graph is refused with what does not match, unless the user
 * chose to drop that state ({@code recovery=discard-unmatched}) or to start afresh
 * ({@code recovery=fresh}).
 */
public final class Recovery {

    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    /** What a start does with existing checkpoints. */
    public enum Mode {
        /** Recover; refuse a checkpoint that does not match the application. */
        AUTO,
        /** Recover; drop the state of operators the application no longer has. */
        DISCARD_UNMATCHED,
        /** Ignore and delete the checkpoints and logs: start afresh. */
        FRESH;

        /** The mode {@code config} asks for ({@code recovery}, default auto). */
        public static Mode of(Config config) {
            return valueOf(ContextSettings.RECOVERY.get(config).toUpperCase(Locale.ROOT).replace('-', '_'));
        }

        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final CheckpointStore store;
    private final DStreamGraph graph;
    private final Supplier<RecordSerializer> serializer;
    private final WorkerPool workers;

    /** {@code workers} decode a state file's partitions side by side, as the checkpointer's encoded them. */
    public Recovery(CheckpointStore store, DStreamGraph graph, Supplier<RecordSerializer> serializer,
                    WorkerPool workers) {
        this.store = store;
        this.graph = graph;
        this.serializer = serializer;
        this.workers = workers;
    }

    /**
     * Restores the state of the newest usable checkpoint into the graph's streams and tells the
     * inputs their progress; empty when there is no checkpoint (or {@code mode} is fresh).
     * {@code now} decides which batches fell due while the application was down.
     */
    public Optional<RecoveryPlan> recover(Mode mode, Time now) throws IOException {
        List<CheckpointStore.Entry> entries = store.list();
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        if (mode == Mode.FRESH) {
            LOG.warn("recovery=fresh: the checkpoints in {} are ignored and deleted; the stream starts afresh",
                    store.directory());
            store.deleteAll();
            return Optional.empty();
        }
        var reasons = new ArrayList<String>();
        for (CheckpointStore.Entry entry : entries) {
            if (!entry.readable()) {
                LOG.error("Checkpoint {} cannot be used ({}); trying the one before it", entry.file(), entry.error());
                reasons.add(entry.file() + ": " + entry.error());
                continue;
            }
            Checkpoint checkpoint = checkMatches(entry, mode);
            Map<StatefulNode, List<Object>> states;
            try {
                states = readStates(checkpoint);
            } catch (IOException | RuntimeException e) {
                LOG.error("Checkpoint {} refers to state that cannot be read ({}); trying the one before it",
                        entry.file(), e.getMessage());
                reasons.add(entry.file() + ": " + e.getMessage());
                continue;
            }
            return Optional.of(restore(entry.file(), checkpoint, states, now));
        }
        throw new SluiceException("no checkpoint in " + store.directory() + " can be used: " + String.join("; ", reasons)
                + ". To start afresh, start with recovery=fresh (the checkpoints are deleted)");
    }

    /** The checkpoint, less the state of operators that are gone when the user said to drop it; refuses other mismatches. */
    private Checkpoint checkMatches(CheckpointStore.Entry entry, Mode mode) {
        Checkpoint c = entry.checkpoint();
        var kinds = new LinkedHashMap<String, String>();
        c.states().forEach(s -> kinds.put(s.name(), s.kind()));
        StateFit fit = StateFit.of(c.batchInterval(), kinds, graph);
        if (fit.fits()) {
            return c;
        }
        if (mode == Mode.DISCARD_UNMATCHED && !fit.intervalChanged()) {
            LOG.warn("recovery=discard-unmatched: dropping the checkpointed state of {}", fit.unmatched());
            var kept = c.states().stream().filter(s -> !fit.unmatched().contains(s.name())).toList();
            return new Checkpoint(c.sequence(), c.appName(), c.batchInterval(), c.zeroTime(), c.time(),
                    c.lastCompleted(), c.pending(), c.operators(), kept, c.replayFrom(), c.inputs());
        }
        throw new InvalidGraphException("the checkpoint " + entry.file() + " in " + store.directory()
                + " does not match this application: " + String.join("; ", fit.problems())
                + ". Its stateful operators now: " + StateFit.statefulNames(graph) + ". Name stateful operators"
                + " with name(...) so changes elsewhere keep their names. "
                + (fit.intervalChanged() ? "" : "To recover and drop the state that does not match, start with"
                        + " recovery=discard-unmatched. ")
                + "To start afresh, start with recovery=fresh (the checkpoints are deleted)");
    }

    /**
     * The state {@code node} is restored from: the newest at or before {@link StatefulNode#latestUsableState},
     * so that the windows reading it find every batch they read computed again.
     */
    private static Optional<Checkpoint.StateRef> chosen(Checkpoint c, StatefulNode node) {
        Time usable = node.latestUsableState(c.lastCompleted());
        return c.states().stream().filter(s -> s.name().equals(node.name()) && !s.time().isAfter(usable))
                .max(java.util.Comparator.comparing(Checkpoint.StateRef::time));
    }

    private Map<StatefulNode, List<Object>> readStates(Checkpoint c) throws IOException {
        var states = new LinkedHashMap<StatefulNode, List<Object>>();
        for (StatefulNode node : graph.statefulNodes()) {
            Optional<Checkpoint.StateRef> ref = chosen(c, node);
            if (ref.isEmpty()) {
                continue;
            }
            long begin = System.nanoTime();
            var chunks = new ArrayList<byte[]>();
            store.readState(ref.get().file(), chunks::add);
            long read = System.nanoTime();
            List<Object> records = decode(chunks);
            LOG.info("Read the state of {} ({} records in {} partitions) in {} ms, decoded in {} ms", node.name(),
                    records.size(), chunks.size(), (read - begin) / 1_000_000, (System.nanoTime() - read) / 1_000_000);
            states.put(node, records);
        }
        return states;
    }

    /** Each partition's chunk on a worker; the records in the chunks' order, in one list sized once. */
    private List<Object> decode(List<byte[]> chunks) {
        RecordSerializer codec = serializer.get();
        @SuppressWarnings("unchecked")
        List<Object>[] parts = new List[chunks.size()];
        workers.runTasks(parts.length, i -> parts[i] = codec.fromBytes(chunks.get(i)));
        int size = 0;
        for (List<Object> part : parts) {
            size += part.size();
        }
        var records = new ArrayList<Object>(size);
        for (int i = 0; i < parts.length; i++) {
            records.addAll(parts[i]);
            parts[i] = null;
        }
        return records;
    }

    private RecoveryPlan restore(String file, Checkpoint c, Map<StatefulNode, List<Object>> states, Time now) {
        Time replayFrom = c.replayFrom();
        var restoredAt = new LinkedHashMap<StatefulNode, Time>();
        for (StatefulNode node : graph.statefulNodes()) {
            Optional<Checkpoint.StateRef> ref = chosen(c, node);
            if (ref.isPresent()) {
                node.restore(ref.get().time(), states.get(node));
                restoredAt.put(node, ref.get().time());
            } else {
                // new, or never checkpointed: empty as of the replay's start
                if (replayFrom.isAfter(c.zeroTime())) {
                    LOG.info("{} has no checkpointed state and starts empty at batch {}", node.name(), replayFrom);
                    node.restore(replayFrom, List.of());
                }
                restoredAt.put(node, replayFrom);
            }
        }
        for (InputNode<?> input : graph.inputs()) {
            c.input(input.name()).ifPresent(p -> input.restore(new InputNode.Progress(p.time(), p.progress()), c.time()));
        }
        long interval = c.batchInterval().toMillis();
        var replay = new ArrayList<Time>();
        for (long t = replayFrom.millis() + interval; t <= c.lastCompleted().millis(); t += interval) {
            replay.add(new Time(t));
        }
        long due = c.zeroTime().millis() + Math.floorDiv(now.millis() - c.zeroTime().millis(), interval) * interval;
        var run = new ArrayList<Time>();
        for (long t = c.lastCompleted().millis() + interval; t <= due; t += interval) {
            run.add(new Time(t));
        }
        LOG.info("Recovering from checkpoint {} in {}: state of {} restored, {} completed batches computed again"
                + " without outputs, {} batches to run (pending when it stopped, or due since): {}", file,
                store.directory(), restoredAt.keySet().stream().map(StatefulNode::name).toList(), replay.size(),
                run.size(), run.isEmpty() ? "none" : run.get(0) + " to " + run.get(run.size() - 1));
        return new RecoveryPlan(c, file, restoredAt, replay, run, c.lastCompleted());
    }
}
