package dev.sluice.runtime.internal.context;

import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.Dataset;
import dev.sluice.api.InvalidGraphException;
import dev.sluice.api.Pair;
import dev.sluice.api.PairDStream;
import dev.sluice.api.PairDataset;
import dev.sluice.api.StorageLevel;
import dev.sluice.api.StreamingContext;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.listener.StreamingListener;
import dev.sluice.api.spi.Receiver;
import dev.sluice.api.spi.RecordCodec;
import dev.sluice.runtime.internal.block.BlockStore;
import dev.sluice.runtime.internal.dstream.DStreamView;
import dev.sluice.runtime.internal.dstream.GraphOwner;
import dev.sluice.runtime.internal.dstream.PairDStreamView;
import dev.sluice.runtime.internal.exec.DatasetImpl;
import dev.sluice.runtime.internal.exec.Execution;
import dev.sluice.runtime.internal.exec.ListRdd;
import dev.sluice.runtime.internal.exec.PairDatasetImpl;
import dev.sluice.runtime.internal.exec.WorkerPool;
import dev.sluice.runtime.internal.graph.DStreamGraph;
import dev.sluice.runtime.internal.input.BatchSourceNode;
import dev.sluice.runtime.internal.input.QueueInputNode;
import dev.sluice.runtime.internal.input.ReceiverInputNode;
import dev.sluice.runtime.internal.lifecycle.Handover;
import dev.sluice.runtime.internal.lifecycle.StreamRun;
import dev.sluice.runtime.internal.plugin.Plugins;
import dev.sluice.runtime.internal.scheduler.ListenerBus;
import dev.sluice.runtime.internal.serial.Serialization;
import dev.sluice.runtime.internal.settings.ContextSettings;
import dev.sluice.runtime.internal.time.Clock;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.function.Function;

/**
 * A streaming context, the API's front: its factories make input streams, the streams build the
 * graph, and {@link #start()} hands the graph to a {@link StreamRun}, which owns the rest.
 */
public final class StreamingContextImpl implements StreamingContext, GraphOwner {

    /** The source plugin type of the file streams, and the settings it is given. */
    public static final String FILES_SOURCE = "files";
    public static final String FILES_DIRECTORY = "directory";
    public static final String FILES_FORMAT = "format";

    private final StreamingSettings settings;
    private final Plugins plugins;
    private final DStreamGraph graph;
    private final ListenerBus bus;
    private final Serialization serialization;
    private final BlockStore blocks;
    private final Execution execution;
    private final StreamRun run;
    private String checkpointDirectory;
    private final Handover handover;

    public StreamingContextImpl(StreamingSettings settings, Clock clock, Plugins plugins) {
        this(settings, clock, plugins, null);
    }

    /**
     * A context that will go on from {@code handover} (null: none), the paused run of the stream's
     * previous version: it keeps the blocks received so far in their store.
     */
    public StreamingContextImpl(StreamingSettings settings, Clock clock, Plugins plugins, Handover handover) {
        ContextSettings.validate(settings.config());
        this.settings = settings;
        this.plugins = plugins;
        this.handover = handover;
        this.serialization = new Serialization(plugins::recordTypes);
        Config config = settings.config();
        this.blocks = handover != null ? handover.blocks() : new BlockStore(serialization::serializer,
                ContextSettings.BLOCK_MEMORY.find(config)
                .orElse((long) (Runtime.getRuntime().maxMemory() * ContextSettings.DEFAULT_BLOCK_MEMORY_SHARE)),
                Path.of(ContextSettings.LOCAL_DIR.find(config).orElse(System.getProperty("java.io.tmpdir"))));
        this.graph = new DStreamGraph(blocks, settings.batchInterval(), settings.parallelism(),
                ContextSettings.DEFAULT_PARALLELISM.find(config).orElse(settings.parallelism()));
        String threadPrefix = "sluice-" + settings.appName();
        this.bus = new ListenerBus(threadPrefix);
        // worker threads start on first use, so a context that never runs holds none
        WorkerPool pool = new WorkerPool(settings.parallelism(), threadPrefix);
        this.execution = new Execution(pool, graph.defaultPartitions(), blocks);
        this.run = new StreamRun(new StreamRun.Parts(settings, clock, plugins, graph, bus, serialization, blocks,
                pool, execution, threadPrefix));
    }

    @Override
    public Plugins plugins() {
        return plugins;
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
    public <T> DStream<T> sourceStream(String sourceType, Config config) {
        return plugins.requireSource(sourceType).pollsPerBatch() ? batchSourceStream(sourceType, config)
                : receiverStream(sourceType, config);
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
    public void start() {
        run.start(checkpointDirectory, handover);
    }

    /**
     * Gracefully: stops receiving, waits for the batch that takes the last received data and its
     * outputs, writes a final checkpoint, then stops. A batch that does not finish in time is left
     * to recovery.
     */
    @Override
    public void stop(boolean gracefully) {
        if (gracefully) {
            run.finishReceivedBatches();
        }
        run.stop();
    }

    @Override
    public void stop() {
        run.stop();
    }

    @Override
    public void awaitTermination() throws InterruptedException {
        run.awaitTermination();
    }

    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return run.awaitTermination(timeout);
    }

    /** The run of this context's graph: its checkpoints, and why it stopped on its own if it did. */
    public StreamRun run() {
        return run;
    }

    /** The checkpoint directory set, if any. */
    public Optional<String> checkpointDirectory() {
        return Optional.ofNullable(checkpointDirectory);
    }
}
