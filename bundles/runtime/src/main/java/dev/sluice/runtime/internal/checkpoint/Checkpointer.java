package dev.sluice.runtime.internal.checkpoint;

import dev.sluice.runtime.internal.storage.Checkpoint;
import dev.sluice.runtime.internal.storage.CheckpointStore;
import dev.sluice.api.Time;
import dev.sluice.api.management.CheckpointMetrics;
import dev.sluice.runtime.internal.exec.Execution;
import dev.sluice.runtime.internal.graph.DStreamGraph;
import dev.sluice.runtime.internal.graph.InputNode;
import dev.sluice.runtime.internal.graph.StatefulNode;
import dev.sluice.runtime.internal.scheduler.BatchCheckpoints;
import dev.sluice.runtime.internal.serial.RecordSerializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a context's checkpoints: metadata whenever a batch is generated or completes, and each
 * stateful stream's state every checkpoint interval. State is serialized on the job thread between
 * batches (the next batch would change it); files are written by a thread of their own, metadata
 * after the state it refers to. When metadata comes faster than the file system takes it, each
 * write takes the newest, and writes that find nothing new are skipped.
 *
 * <p>Each checkpoint records how far back its inputs must replay: the oldest state it refers to,
 * or further for windows over the inputs. What only older batches needed (write-ahead log blocks,
 * a source's progress) is released once no kept checkpoint replays them.
 */
public final class Checkpointer implements BatchCheckpoints, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
    /** Records per serialized chunk of a state file: bounds the memory a chunk takes while written. */
    private static final int CHUNK = 8192;

    private final CheckpointStore store;
    private final DStreamGraph graph;
    private final String appName;
    private final Supplier<RecordSerializer> serializer;
    private final Execution execution;
    private final ExecutorService writer;
    /**
     * Each stateful stream's state files that checkpoints refer to, by batch: the newest usable for
     * a recovery (see {@link StatefulNode#latestUsableState}) and any newer, which become usable later.
     */
    private final Map<String, NavigableMap<Time, Checkpoint.StateRef>> states = new ConcurrentHashMap<>();
    /** The batch of each operator's latest state snapshot, written or still queued. */
    private final Map<String, Time> snapshotTaken = new ConcurrentHashMap<>();
    /** The newest metadata taken, and what the writer wrote last: it skips a write when nothing changed. */
    private final AtomicReference<Checkpoint> nextMetadata = new AtomicReference<>();
    private Checkpoint writtenMetadata;
    private int writtenStates = -1;
    /** Counts state files written, so the writer knows the metadata must be written again. */
    private final java.util.concurrent.atomic.AtomicInteger statesWritten = new java.util.concurrent.atomic.AtomicInteger();
    private volatile Time horizon = new Time(Long.MIN_VALUE);
    private volatile Checkpoint latest;
    private volatile String lastError;
    private volatile CheckpointMetrics lastFigures;
    /** The writer's thread: time and bytes spent on state files since the last metadata, which refers to them. */
    private long stateNanos;
    private long stateBytes;
    private long sequence;
    /** Whether the latest metadata taken holds inputs' progress, and the batch time the written metadata covers. */
    private volatile boolean inputsRecorded;
    private volatile Time writtenUpTo = new Time(Long.MIN_VALUE);

    // the scheduler's thread
    private final TreeSet<Time> pending = new TreeSet<>();
    private Time lastGenerated;
    private Time lastCompleted;

    public Checkpointer(CheckpointStore store, DStreamGraph graph, String appName, Supplier<RecordSerializer> serializer,
                        Execution execution, String threadPrefix) {
        this.store = store;
        this.graph = graph;
        this.appName = appName;
        this.serializer = serializer;
        this.execution = execution;
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadPrefix + "-checkpoint-writer");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts after {@code recovered} (or afresh): its state files and batch times are where this run goes on from. */
    public void begin(Optional<RecoveryPlan> recovered, long lastSequence) {
        sequence = lastSequence + 1;
        lastCompleted = graph.zeroTime();
        recovered.ifPresent(plan -> {
            plan.checkpoint().states().forEach(s -> history(s.name()).put(s.time(), s));
            lastCompleted = plan.lastCompleted();
            latest = plan.checkpoint();
        });
        graph.inputs().forEach(i -> i.forget(horizon));
    }

    @Override
    public void generated(Time time) {
        pending.add(time);
        lastGenerated = time;
        enqueueMetadata();
    }

    @Override
    public void completed(Time time) {
        pending.remove(time);
        if (time.isAfter(lastCompleted)) {
            lastCompleted = time;
        }
        Time h = horizon;
        graph.inputs().forEach(i -> i.forget(h));
        enqueueMetadata();
    }

    @Override
    public void processed(Time time) {
        for (StatefulNode node : graph.statefulNodes()) {
            long sinceZero = time.millis() - graph.zeroTime().millis();
            if (sinceZero % node.checkpointInterval().toMillis() == 0) {
                snapshot(node, time);
            }
        }
    }

    /**
     * A graceful stop: after the last batch, every stateful stream's state as of it, then the
     * metadata, so the next start has nothing to replay. The scheduler must have stopped.
     */
    public void finalCheckpoint() {
        for (StatefulNode node : graph.statefulNodes()) {
            long slide = node.slideDuration().toMillis();
            long sinceZero = lastCompleted.millis() - graph.zeroTime().millis();
            Time at = new Time(lastCompleted.millis() - Math.floorMod(sinceZero, slide));
            Time taken = snapshotTaken.get(node.name());
            if (at.isAfter(graph.zeroTime()) && (taken == null || taken.isBefore(at))) {
                snapshot(node, at);
            }
        }
        try {
            // the metadata's replay start follows the states it refers to: they must be written first
            writer.submit(() -> { }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.RejectedExecutionException e) {
            LOG.warn("Checkpoint writes before the final one did not finish: {}", e.getMessage());
        }
        enqueueMetadata();
    }

    private void snapshot(StatefulNode node, Time time) {
        snapshotTaken.put(node.name(), time);
        long start = System.nanoTime();
        List<byte[]> chunks;
        try {
            int partitions = node.prepareSnapshot(time, execution);
            @SuppressWarnings("unchecked")
            List<byte[]>[] parts = new List[partitions];
            RecordSerializer codec = serializer.get();
            execution.pool().runTasks(partitions, r -> parts[r] = serialize(node, time, r, codec));
            chunks = new ArrayList<>();
            for (List<byte[]> part : parts) {
                chunks.addAll(part);
            }
        } catch (RuntimeException e) {
            failed("cannot checkpoint the state of " + node.name() + " at batch " + time + ": " + e.getMessage(), e);
            return;
        }
        long serialized = System.nanoTime() - start;
        submit(() -> {
            try {
                long writeStart = System.nanoTime();
                String file = store.writeState(node.name(), time, chunks);
                history(node.name()).put(time, new Checkpoint.StateRef(node.name(), node.operator(), time, file));
                statesWritten.incrementAndGet();
                long bytes = chunks.stream().mapToLong(c -> c.length).sum();
                stateNanos += serialized + System.nanoTime() - writeStart;
                stateBytes += bytes;
                LOG.info("Checkpointed the state of {} at batch {}: {} bytes, serialized in {} ms, written in {} ms",
                        node.name(), time, bytes, TimeUnit.NANOSECONDS.toMillis(serialized),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start - serialized));
            } catch (Exception e) {
                failed("cannot write the state of " + node.name() + " at batch " + time + " to " + store.directory()
                        + ": " + e.getMessage(), e);
            }
        });
    }

    /** One partition of a state as chunks of serialized records. */
    private static List<byte[]> serialize(StatefulNode node, Time time, int partition, RecordSerializer codec) {
        var chunks = new ArrayList<byte[]>();
        var chunk = new ArrayList<>(CHUNK);
        node.snapshot(time, partition, record -> {
            chunk.add(record);
            if (chunk.size() == CHUNK) {
                chunks.add(codec.toBytes(chunk));
                chunk.clear();
            }
        });
        if (!chunk.isEmpty()) {
            chunks.add(codec.toBytes(chunk));
        }
        return chunks;
    }

    /** Takes the metadata as of now (on the scheduler's thread) and queues it; a newer one replaces it while it waits. */
    private void enqueueMetadata() {
        Time replayFrom = replayFrom();
        var inputs = new ArrayList<Checkpoint.InputProgress>();
        for (InputNode<?> input : graph.inputs()) {
            input.progress(replayFrom).ifPresent(p -> {
                inputs.add(new Checkpoint.InputProgress(input.name(), p.time(), p.bytes()));
            });
        }
        Time oldest = inputs.stream().map(Checkpoint.InputProgress::time).min(Time::compareTo).orElse(replayFrom);
        if (oldest.isBefore(replayFrom)) {
            // an input can only replay from further back: all of them replay from there
            replayFrom = oldest;
            inputs.clear();
            for (InputNode<?> input : graph.inputs()) {
                Time from = replayFrom;
                input.progress(from).ifPresent(p -> inputs.add(new Checkpoint.InputProgress(input.name(), p.time(),
                        p.bytes())));
            }
        }
        var operators = graph.nodes().stream().map(n -> new Checkpoint.Operator(n.name(), n.operator())).toList();
        Time generatedUpTo = lastGenerated != null ? lastGenerated : lastCompleted;
        var metadata = new Checkpoint(0, appName, graph.batchInterval(), graph.zeroTime(), generatedUpTo,
                lastCompleted, List.copyOf(pending), operators, List.of(), replayFrom, inputs);
        inputsRecorded = !inputs.isEmpty();
        nextMetadata.set(metadata);
        submit(this::writeMetadata);
    }

    private NavigableMap<Time, Checkpoint.StateRef> history(String name) {
        return states.computeIfAbsent(name, n -> new ConcurrentSkipListMap<>());
    }

    /** The state a recovery to {@code completed} restores {@code node} from, if one is written. */
    private Optional<Checkpoint.StateRef> usable(StatefulNode node, Time completed) {
        NavigableMap<Time, Checkpoint.StateRef> written = states.get(node.name());
        var entry = written == null ? null : written.floorEntry(node.latestUsableState(completed));
        return Optional.ofNullable(entry).map(Map.Entry::getValue);
    }

    /** How far back a recovery from this checkpoint replays: the oldest state, or the inputs' longest memory. */
    private Time replayFrom() {
        Time from = lastCompleted.minus(graph.inputRemember());
        for (StatefulNode node : graph.statefulNodes()) {
            Time stateTime = usable(node, lastCompleted).map(Checkpoint.StateRef::time).orElse(graph.zeroTime());
            if (stateTime.isBefore(from)) {
                from = stateTime;
            }
        }
        return from.isBefore(graph.zeroTime()) ? graph.zeroTime() : from;
    }

    /**
     * Waits for the writer to write the metadata that records the batch as generated (queued when it
     * was), if its inputs' progress is in it and it is not written yet. The writer stays the only
     * thread that writes, so the batch may wait behind a state file queued before.
     */
    @Override
    public void beforeOutputs(Time time) {
        if (!inputsRecorded || !writtenUpTo.isBefore(time)) {
            return;
        }
        try {
            writer.submit(() -> { }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.RejectedExecutionException e) {
            LOG.warn("The checkpoint of batch {} was not written before its outputs: {}", time, e.getMessage());
        }
    }

    private void writeMetadata() {
        Checkpoint taken = nextMetadata.get();
        if (taken == null || taken == writtenMetadata && statesWritten.get() == writtenStates) {
            return; // written by an earlier task that ran after this one was queued
        }
        writtenMetadata = taken;
        writtenStates = statesWritten.get();
        // the states written by now, at or after the replay start, which only grows; those older than the
        // one usable now are no longer needed
        var refs = new ArrayList<Checkpoint.StateRef>();
        for (StatefulNode node : graph.statefulNodes()) {
            NavigableMap<Time, Checkpoint.StateRef> written = states.get(node.name());
            if (written != null) {
                usable(node, taken.lastCompleted()).ifPresent(u -> written.headMap(u.time(), false).clear());
                refs.addAll(written.descendingMap().values());
            }
        }
        var metadata = new Checkpoint(sequence, taken.appName(), taken.batchInterval(), taken.zeroTime(),
                taken.time(), taken.lastCompleted(), taken.pending(), taken.operators(), refs,
                taken.replayFrom(), taken.inputs());
        try {
            long start = System.nanoTime();
            Time keptFrom = store.write(metadata);
            lastFigures = new CheckpointMetrics(metadata.time(),
                    TimeUnit.NANOSECONDS.toMillis(stateNanos + System.nanoTime() - start),
                    stateBytes + store.lastWrittenBytes());
            stateNanos = 0;
            stateBytes = 0;
            sequence++;
            latest = metadata;
            lastError = null;
            horizon = keptFrom;
            writtenUpTo = metadata.time();
        } catch (Exception e) {
            failed("cannot write a checkpoint to " + store.directory() + ": " + e.getMessage(), e);
        }
    }

    private void submit(Runnable write) {
        try {
            writer.execute(write);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("A checkpoint write after stop is dropped");
        }
    }

    private void failed(String message, Exception e) {
        if (!message.equals(lastError)) {
            LOG.error("{}; the stream goes on, and recovery would use the last checkpoint written", message, e);
        }
        lastError = message;
    }

    /** The latest checkpoint written or recovered from. */
    public Optional<Checkpoint> latest() {
        return Optional.ofNullable(latest);
    }

    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    /** The duration and size of the latest checkpoint this stream wrote, with the state files it refers to. */
    public Optional<CheckpointMetrics> lastFigures() {
        return Optional.ofNullable(lastFigures);
    }

    public String directory() {
        return store.directory();
    }

    /** Writes what is queued, and metadata that refers to the newest state, then closes the directory. */
    @Override
    public void close() {
        submit(this::writeMetadata);
        writer.shutdown();
        try {
            if (!writer.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.warn("Checkpoint writes to {} did not finish within 60 s of stop", store.directory());
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
    }

}
