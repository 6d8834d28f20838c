package dev.sluice.runtime.internal.context;

import dev.sluice.runtime.internal.storage.CheckpointStore;
import dev.sluice.runtime.internal.checkpoint.Checkpointer;
import dev.sluice.runtime.internal.checkpoint.Recovery;
import dev.sluice.runtime.internal.checkpoint.RecoveryPlan;
import dev.sluice.runtime.internal.scheduler.BatchCheckpoints;
import java.io.IOException;
import dev.sluice.runtime.internal.storage.BlockLogs;
import dev.sluice.runtime.internal.storage.WriteAheadLogs;
import dev.sluice.api.spi.RecordCodec;
import dev.sluice.api.SluiceException;
import java.util.Optional;
import dev.sluice.runtime.internal.graph.StreamStopException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.function.Function;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.Dataset;
import dev.sluice.api.Pair;
import dev.sluice.api.PairDataset;
import dev.sluice.api.InvalidGraphException;
import dev.sluice.api.StreamingContext;
import dev.sluice.api.StorageLevel;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.Time;
import dev.sluice.api.listener.StreamingListener;
import dev.sluice.api.spi.Receiver;
import dev.sluice.runtime.internal.block.BlockStore;
import dev.sluice.runtime.internal.input.RateSettings;
import dev.sluice.runtime.internal.dstream.PairDStreamView;
import dev.sluice.api.PairDStream;
import dev.sluice.runtime.internal.input.BatchSourceNode;
import dev.sluice.runtime.internal.serial.Serialization;
import java.nio.file.Path;
import dev.sluice.runtime.internal.dstream.DStreamView;
import dev.sluice.runtime.internal.dstream.GraphOwner;
import dev.sluice.runtime.internal.exec.Execution;
import dev.sluice.runtime.internal.exec.ListRdd;
import dev.sluice.runtime.internal.exec.DatasetImpl;
import dev.sluice.runtime.internal.exec.PairDatasetImpl;
import dev.sluice.runtime.internal.exec.WorkerPool;
import dev.sluice.runtime.internal.graph.DStreamGraph;
import dev.sluice.runtime.internal.graph.InputNode;
import dev.sluice.runtime.internal.graph.OutputNode;
import dev.sluice.runtime.internal.input.QueueInputNode;
import dev.sluice.runtime.internal.input.ReceiverInputNode;
import dev.sluice.runtime.internal.graph.StreamEnvironment;
import dev.sluice.runtime.internal.plugin.PluginRef;
import dev.sluice.runtime.internal.plugin.Plugins;
import dev.sluice.runtime.internal.plugin.MissingPluginException;
import dev.sluice.runtime.internal.scheduler.JobScheduler;
import dev.sluice.runtime.internal.scheduler.ListenerBus;
import dev.sluice.runtime.internal.time.Clock;
import dev.sluice.runtime.internal.time.RecurringTimer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A streaming context: builds the graph, then on start resolves its plugins, starts receivers,
 * and hands batch timing to the scheduler. A context runs once: after stop it cannot start again.
 */
public final class StreamingContextImpl implements StreamingContext, GraphOwner {

    private static final Logger LOG = LoggerFactory.getLogger(StreamingContextImpl.class);

    /** Settings a context reads from {@link StreamingSettings#config()}. */
    public static final String BLOCK_INTERVAL = "blockInterval";
    public static final String DEFAULT_PARALLELISM = "defaultParallelism";
    public static final String RECEIVER_MAX_BACKOFF = "receiverMaxBackoff";
    public static final String BLOCK_MEMORY = "blockMemory";
    public static final String WRITE_AHEAD_LOG = "receiver.writeAheadLog";
    public static final String WRITE_AHEAD_LOG_ROLL = "receiver.writeAheadLog.rollInterval";
    public static final String GRACEFUL_STOP_TIMEOUT = "stop.gracefulTimeout";

    /** The source plugin type of the file streams, and the settings it is given. */
    public static final String FILES_SOURCE = "files";
    public static final String FILES_DIRECTORY = "directory";
    public static final String FILES_FORMAT = "format";
    public static final String LOCAL_DIR = "localDir";

    /** Blocks may take this share of the heap before serialized ones spill to disk. */
    public static final double DEFAULT_BLOCK_MEMORY_SHARE = 0.3;

    private enum State { INITIALIZED, ACTIVE, STOPPED }

    private final StreamingSettings settings;
    private final Clock clock;
    private final Plugins plugins;
    private final DStreamGraph graph;
    private final ListenerBus bus;
    private final Serialization serialization;
    private final BlockStore blocks;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final String threadPrefix;
    private volatile State state = State.INITIALIZED;
    private volatile StreamStopException failure;
    private String checkpointDirectory;
    private BlockLogs logs = BlockLogs.NONE;
    private final WorkerPool pool;
    private final Execution execution;
    private JobScheduler scheduler;
    private Checkpointer checkpointer;

    public StreamingContextImpl(StreamingSettings settings, Clock clock, Plugins plugins) {
        this.settings = settings;
        this.clock = clock;
        this.plugins = plugins;
        this.serialization = new Serialization(plugins::recordTypes);
        this.blocks = new BlockStore(serialization::serializer,
                settings.config().size(BLOCK_MEMORY, (long) (Runtime.getRuntime().maxMemory() * DEFAULT_BLOCK_MEMORY_SHARE)),
                Path.of(settings.config().string(LOCAL_DIR, System.getProperty("java.io.tmpdir"))));
        this.graph = new DStreamGraph(blocks, settings.batchInterval(), settings.parallelism(),
                settings.config().integer(DEFAULT_PARALLELISM, settings.parallelism()));
        this.threadPrefix = "sluice-" + settings.appName();
        this.bus = new ListenerBus(threadPrefix);
        // worker threads start on first use, so a context that never runs holds none
        this.pool = new WorkerPool(settings.parallelism(), threadPrefix);
        this.execution = new Execution(pool, graph.defaultPartitions(), blocks);
    }

    @Override
    public Execution execution() {
        return execution;
    }

    @Override
    public <T> Dataset<T> parallelize(Collection<T> elements) {
        return new DatasetImpl<>(ListRdd.of(List.copyOf(elements), settings.parallelism()), execution);
    }

    @Override
    public <K, V> PairDataset<K, V> parallelizePairs(Collection<Pair<K, V>> pairs) {
        return new PairDatasetImpl<>(ListRdd.of(List.copyOf(pairs), settings.parallelism()), execution);
    }

    @Override
    public DStreamGraph graph() {
        return graph;
    }

    public BlockStore blockStore() {
        return blocks;
    }

    @Override
    public String appName() {
        return settings.appName();
    }

    @Override
    public Duration batchInterval() {
        return settings.batchInterval();
    }

    @Override
    public int parallelism() {
        return settings.parallelism();
    }

    @Override
    public DStream<String> socketTextStream(String host, int port) {
        return new DStreamView<>(this, ReceiverInputNode.fromPlugin(graph, "socketTextStream", "socket",
                Config.of(Map.of("host", host, "port", port))));
    }

    @Override
    public DStream<String> socketTextStream(String host, int port, StorageLevel storageLevel) {
        return new DStreamView<>(this, ReceiverInputNode.fromPlugin(graph, "socketTextStream", "socket",
                Config.of(Map.of("host", host, "port", port, ReceiverInputNode.STORAGE_LEVEL, storageLevel))));
    }

    @Override
    public <T> DStream<T> receiverStream(String sourceType, Config config) {
        return new DStreamView<>(this, ReceiverInputNode.<T>fromPlugin(graph, "receiverStream", sourceType, config));
    }

    @Override
    public <T> DStream<T> socketStream(String host, int port, Function<InputStream, Iterator<T>> decoder,
                                       StorageLevel storageLevel) {
        Config config = Config.of(Map.of("host", host, "port", port, ReceiverInputNode.STORAGE_LEVEL, storageLevel))
                .withObject("decoder", decoder);
        return new DStreamView<>(this, ReceiverInputNode.fromPlugin(graph, "socketStream", "socket", config));
    }

    @Override
    public DStream<String> textFileStream(String directory) {
        return batchSource("textFileStream", Config.of(Map.of(FILES_DIRECTORY, directory, FILES_FORMAT, "text")));
    }

    @Override
    public <K, V> PairDStream<K, V> fileStream(String directory, Class<?> inputFormat, Class<K> keyClass,
                                               Class<V> valueClass, boolean newFilesOnly) {
        Config config = Config.of(Map.of(FILES_DIRECTORY, directory, FILES_FORMAT, "inputFormat",
                        "newFilesOnly", newFilesOnly))
                .withObject("inputFormat", inputFormat).withObject("keyClass", keyClass)
                .withObject("valueClass", valueClass);
        return new PairDStreamView<>(this, new BatchSourceNode<>(graph, "fileStream", FILES_SOURCE, config));
    }

    @Override
    public DStream<byte[]> binaryRecordsStream(String directory, int recordLength) {
        if (recordLength <= 0) {
            throw new InvalidGraphException("binaryRecordsStream: the record length must be positive, got "
                    + recordLength);
        }
        return batchSource("binaryRecordsStream", Config.of(Map.of(FILES_DIRECTORY, directory, FILES_FORMAT,
                "binary", "recordLength", recordLength)));
    }

    @Override
    public <T> DStream<T> objectFileStream(String directory) {
        return batchSource("objectFileStream", Config.of(Map.of(FILES_DIRECTORY, directory, FILES_FORMAT, "object")));
    }

    @Override
    public <T> Dataset<T> objectFile(String path) {
        Config config = Config.of(Map.of(FILES_DIRECTORY, path, FILES_FORMAT, "object", "newFilesOnly", false));
        List<List<T>> parts = ObjectFiles.read(plugins.requireSource(FILES_SOURCE),
                config.withObject(RecordCodec.CONFIG_KEY, serialization.serializer()), path);
        return new DatasetImpl<>(new ListRdd<>(parts), execution);
    }

    private <T> DStream<T> batchSource(String operator, Config config) {
        return new DStreamView<>(this, new BatchSourceNode<>(graph, operator, FILES_SOURCE, config));
    }

    @Override
    public <T> DStream<T> batchSourceStream(String sourceType, Config config) {
        return new DStreamView<>(this, new BatchSourceNode<>(graph, "batchSourceStream", sourceType, config));
    }

    @Override
    public <T> DStream<T> receiverStream(Receiver<T> receiver) {
        return new DStreamView<>(this, ReceiverInputNode.fromReceiver(graph, receiver));
    }

    @Override
    public <T> DStream<T> queueStream(Queue<? extends Collection<T>> queue, boolean oneAtATime) {
        return new DStreamView<>(this, new QueueInputNode<>(graph, queue, oneAtATime));
    }

    @Override
    public void checkpoint(String directory) {
        graph.checkNotStarted("set the checkpoint directory");
        if (directory == null || directory.isBlank()) {
            throw new InvalidGraphException("the checkpoint directory must be a path or URI, e.g. /var/sluice/app"
                    + " or hdfs://namenode:8020/checkpoints/app; got '" + directory + "'");
        }
        checkpointDirectory = directory;
    }

    private Optional<RecoveryPlan> recover(CheckpointStore store, long now) {
        Recovery.Mode mode = Recovery.Mode.parse(settings.config().string(Recovery.MODE, "auto"));
        try {
            return new Recovery(store, graph, serialization::serializer).recover(mode, new Time(now));
        } catch (IOException e) {
            throw new SluiceException("cannot read the checkpoints in " + checkpointDirectory + ": " + e.getMessage(), e);
        }
    }

    private long lastSequence(CheckpointStore store) {
        try {
            return store.lastSequence();
        } catch (IOException e) {
            throw new SluiceException("cannot list the checkpoints in " + checkpointDirectory + ": " + e.getMessage(), e);
        }
    }

    /** The receivers' write-ahead logs: under the checkpoint directory if there is one. */
    private BlockLogs openLogs() {
        boolean all = settings.config().bool(WRITE_AHEAD_LOG, false);
        if (checkpointDirectory == null) {
            if (all) {
                throw new InvalidGraphException(WRITE_AHEAD_LOG + "=true writes received blocks under the checkpoint"
                        + " directory; set one with ssc.checkpoint(directory)");
            }
            return BlockLogs.NONE;
        }
        return WriteAheadLogs.open(checkpointDirectory, all,
                settings.config().duration(WRITE_AHEAD_LOG_ROLL, Duration.ofSeconds(10)).toMillis(), clock);
    }

    @Override
    public void registerRecordTypes(Class<?>... types) {
        serialization.register(types);
    }

    @Override
    public void remember(Duration duration) {
        graph.remember(duration);
    }

    @Override
    public void addStreamingListener(StreamingListener listener) {
        bus.add(listener);
    }

    @Override
    public synchronized void start() {
        if (state != State.INITIALIZED) {
            throw new InvalidGraphException("context '" + appName() + "' was already "
                    + (state == State.ACTIVE ? "started" : "stopped") + "; a context runs once, make a new one");
        }
        graph.validate();
        for (PluginRef ref : graph.requiredPlugins()) {
            if (!plugins.has(ref)) {
                throw new MissingPluginException(ref, plugins);
            }
        }
        CheckpointStore store = null;
        try {
            for (OutputNode<?> out : graph.outputs()) {
                out.action().open(plugins, settings.config().withObject(RecordCodec.CONFIG_KEY, serialization.serializer()));
            }
            long interval = settings.batchInterval().toMillis();
            long now = clock.millis();
            graph.deriveNames();
            Optional<RecoveryPlan> plan = Optional.empty();
            if (checkpointDirectory != null) {
                store = CheckpointStore.open(checkpointDirectory);
                plan = recover(store, now);
            } else if (!graph.statefulNodes().isEmpty()) {
                LOG.warn("Stream {} keeps state ({}) but has no checkpoint directory: its state is lost if the process"
                        + " stops; set one with ssc.checkpoint(directory)", appName(), graph.statefulNodes().get(0).name());
            }
            var env = new StreamEnvironment(plugins, blocks, clock,
                    settings.config().duration(BLOCK_INTERVAL, Duration.ofMillis(200)),
                    settings.config().duration(RECEIVER_MAX_BACKOFF, Duration.ofSeconds(5)), bus,
                    RateSettings.from(settings.config()), serialization.serializer(), logs = openLogs());
            long first = RecurringTimer.nextAligned(now, interval);
            graph.start(plan.map(p -> p.checkpoint().zeroTime()).orElse(new Time(first - interval)));
            for (InputNode<?> in : graph.inputs()) {
                in.start(env);
            }
            BatchCheckpoints checkpoints = BatchCheckpoints.NONE;
            if (store != null) {
                checkpointer = new Checkpointer(store, graph, appName(), serialization::serializer, execution,
                        threadPrefix);
                checkpointer.begin(plan, lastSequence(store));
                checkpoints = checkpointer;
            }
            List<Time> run = List.of();
            if (plan.isPresent()) {
                RecoveryPlan p = plan.get();
                p.replay().forEach(t -> graph.replay(t, p.restoredAt()));
                run = p.run();
                Time last = run.isEmpty() ? p.lastCompleted() : run.get(run.size() - 1);
                first = Math.max(first, last.millis() + interval);
            }
            scheduler = new JobScheduler(threadPrefix, graph, execution, clock, bus, this::stopOnFailure, checkpoints);
            scheduler.start(run, new Time(first));
            state = State.ACTIVE;
            LOG.info("Stream {} started: batch interval {} ms, {} worker threads, {}first batch at {}",
                    appName(), interval, settings.parallelism(),
                    run.isEmpty() ? "" : run.size() + " recovered batches, then ", new Time(first));
        } catch (RuntimeException e) {
            if (checkpointer == null && store != null) {
                store.close();
            }
            state = State.STOPPED;
            shutDown();
            terminated.countDown();
            throw e;
        }
    }

    /**
     * Gracefully: stops receiving, waits for the batch that takes the last received data and its
     * outputs, writes a final checkpoint, then stops. A batch that does not finish in time is left
     * to recovery.
     */
    @Override
    public void stop(boolean gracefully) {
        if (gracefully) {
            finishReceivedBatches();
        }
        stop();
    }

    private void finishReceivedBatches() {
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
        long next = RecurringTimer.nextAligned(clock.millis(), interval);
        Time last = new Time(graph.inputs().stream().anyMatch(InputNode::hasUntakenData) ? next : next - interval);
        long timeout = settings.config().duration(GRACEFUL_STOP_TIMEOUT,
                Duration.ofMillis(Math.max(30_000, 10 * interval))).toMillis();
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

    /** The latest checkpoint, and where they go; empty without a checkpoint directory. */
    public Optional<Checkpointer> checkpointer() {
        return Optional.ofNullable(checkpointer);
    }

    /** The checkpoint directory set, if any. */
    public Optional<String> checkpointDirectory() {
        return Optional.ofNullable(checkpointDirectory);
    }

    @Override
    public void stop() {
        synchronized (this) {
            if (state == State.STOPPED) {
                return;
            }
            boolean wasActive = state == State.ACTIVE;
            state = State.STOPPED;
            if (wasActive) {
                shutDown();
                LOG.info("Stream {} stopped", appName());
            }
        }
        terminated.countDown();
    }

    private void shutDown() {
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
        pool.close();
        bus.stop();
        if (checkpointer != null) {
            checkpointer.close();
        }
        blocks.close();
        logs.close();
    }

    @Override
    public void awaitTermination() throws InterruptedException {
        terminated.await();
        rethrowFailure();
    }

    @Override
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

    /** An output's failure stops the stream: called on the job thread. */
    private void stopOnFailure(StreamStopException e) {
        failure = e;
        stop();
    }
}
