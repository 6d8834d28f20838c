package dev.sluice.runtime.internal.input;

import dev.sluice.runtime.internal.storage.ReceiverProgress;
import dev.sluice.runtime.internal.settings.ContextSettings;
import dev.sluice.runtime.internal.graph.StreamEnvironment;
import dev.sluice.runtime.internal.graph.InputNode;
import dev.sluice.runtime.internal.graph.DStreamGraph;
import java.util.HashMap;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.sluice.api.Config;
import dev.sluice.api.listener.BatchInfo;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.sluice.api.StorageLevel;
import dev.sluice.api.Time;
import dev.sluice.api.listener.ReceiverInfo;
import dev.sluice.api.spi.Receiver;
import dev.sluice.runtime.internal.block.Block;
import dev.sluice.runtime.internal.block.BlockStore;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.plugin.PluginRef;
import dev.sluice.runtime.internal.storage.BlockLog;
import dev.sluice.runtime.internal.storage.LogSegment;

/**
 * A stream fed by a receiver: from a source plugin of some type, or one the application wrote.
 * Each batch takes every block received since the previous batch; the blocks are released when
 * the batch (and anything remembering it) is done.
 */
public final class ReceiverInputNode<T> extends InputNode<T> {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiverInputNode.class);

    /** The setting of a receiver stream that overrides its receiver's storage level. */
    public static final String STORAGE_LEVEL = "storageLevel";

    private final String sourceType;
    private final Config config;
    private final Receiver<T> givenReceiver;
    /** The level asked for in the stream's settings; null leaves it to the receiver. */
    private final StorageLevel storageLevel;
    private final Map<Time, Long> records = new HashMap<>();
    /** Where each batch's blocks are logged, until no kept checkpoint replays the batch. */
    private final TreeMap<Time, List<LogSegment>> logged = new TreeMap<>();
    /** The last block given to a batch, in log order: blocks logged after it were not yet in any. */
    private LogSegment allocatedUpTo;
    /** Data released up to this batch; log segments are released up to here and the horizon. */
    private Time released = new Time(Long.MIN_VALUE);
    private Time horizon = new Time(Long.MAX_VALUE);
    /** Set from a checkpoint: the blocks of the batches an earlier run had generated. */
    private ReceiverRecovery recovery;
    private ReceiverSupervisor<T> supervisor;
    /** After a live upgrade that replaced the source: the old receiver, stopped, whose stored blocks go into the next batch. */
    private ReceiverSupervisor<T> leftover;
    /** The write-ahead log of this stream's blocks, when they must be durable. */
    private BlockLog log;
    private RateSettings rates = RateSettings.UNLIMITED;
    /** Backpressure: set when on, fed by every completed batch. */
    private PidRateEstimator estimator;
    private BlockStore store;

    private ReceiverInputNode(DStreamGraph graph, String operator, String sourceType, Config config,
                              Receiver<T> receiver) {
        super(graph, operator);
        this.sourceType = sourceType;
        this.config = config;
        this.givenReceiver = receiver;
        this.storageLevel = config.has(STORAGE_LEVEL) ? StorageLevel.of(config.string(STORAGE_LEVEL)) : null;
    }

    public static <T> ReceiverInputNode<T> fromPlugin(DStreamGraph graph, String operator, String type, Config config) {
        return new ReceiverInputNode<>(graph, operator, type, config, null);
    }

    public static <T> ReceiverInputNode<T> fromReceiver(DStreamGraph graph, Receiver<T> receiver) {
        return new ReceiverInputNode<>(graph, "receiverStream", null, Config.empty(), receiver);
    }

    @Override
    public Optional<PluginRef> requiredPlugin() {
        return Optional.ofNullable(sourceType).map(PluginRef::source);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void start(StreamEnvironment env) {
        if (supervisor != null) {
            supervisor.reportTo(env.receiverEvents()); // taken over, running
            return;
        }
        Receiver<T> receiver = givenReceiver != null ? givenReceiver
                : (Receiver<T>) env.plugins().requireSource(sourceType).createReceiver(config);
        store = env.blocks();
        rates = RateSettings.from(env.settings());
        estimator = rates.estimator(graph.batchInterval()).orElse(null);
        StorageLevel level = storageLevel != null ? storageLevel : levelOf(receiver);
        if (log == null) {
            log = env.logs().forStream(name(), level).orElse(null);
        }
        if (recovery != null) {
            recovery.readBack(log, store, env.codec(), level, id());
        }
        supervisor = new ReceiverSupervisor<>(id(), receiver, env.blocks(), level, log, env.codec(),
                rates.startRate(), env.clock(), ContextSettings.BLOCK_INTERVAL.get(env.settings()),
                graph.batchInterval(), ContextSettings.RECEIVER_MAX_BACKOFF.get(env.settings()), env.receiverEvents());
        supervisor.start();
    }

    /** The level the receiver asks for; one whose storageLevel() throws gets the default, with a warning. */
    private StorageLevel levelOf(Receiver<T> receiver) {
        try {
            return receiver.storageLevel();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("{}: the receiver's storageLevel() failed ({}); its blocks are kept at {}", name(), e,
                    StorageLevel.MEMORY_AND_DISK_SER);
            return StorageLevel.MEMORY_AND_DISK_SER;
        }
    }

    @Override
    public void stop() {
        if (supervisor != null) {
            supervisor.stop();
        }
    }

    /** The receiver stops; the blocks it stored, and the records it buffered, go into the next batch. */
    @Override
    public void stopReceiving() {
        if (supervisor != null) {
            supervisor.stop();
        }
    }

    @Override
    public boolean hasUntakenData() {
        return supervisor != null && supervisor.hasData() || leftover != null && leftover.hasData()
                || recovery != null;
    }

    @Override
    protected Rdd<T> compute(Time time) {
        take(time);
        List<Block> blocks = recovery != null ? recovery.blocksOf(time, this::allocateBlocks)
                : allocateBlocks();
        records.put(time, blocks.stream().mapToLong(Block::size).sum());
        List<LogSegment> segments = blocks.stream().flatMap(b -> b.logged().stream()).toList();
        logged.put(time, segments);
        if (!segments.isEmpty()) {
            allocatedUpTo = segments.get(segments.size() - 1);
        }
        return new BlockRdd<>(blocks.stream().map(Block::id).toList(), store);
    }

    private List<Block> allocateBlocks() {
        if (leftover == null) {
            return supervisor.allocateBlocks();
        }
        var blocks = new java.util.ArrayList<>(leftover.allocateBlocks());
        leftover = null;
        blocks.addAll(supervisor.allocateBlocks());
        return blocks;
    }

    @Override
    public Object sourceSettings() {
        return java.util.Arrays.asList(sourceType, config.asMap(), givenReceiver == null ? null : givenReceiver.getClass());
    }

    @Override
    protected void continueFrom(InputNode<T> previous, Carry carry) {
        var p = (ReceiverInputNode<T>) previous;
        records.putAll(p.records);
        logged.putAll(p.logged);
        allocatedUpTo = p.allocatedUpTo;
        released = p.released;
        horizon = p.horizon;
        recovery = p.recovery;
        log = p.log;
        store = p.store;
        if (carry == Carry.RUNNING_SOURCE) {
            supervisor = p.supervisor;
            rates = p.rates;
            estimator = p.estimator;
        } else if (p.supervisor != null) {
            p.supervisor.stop();
            leftover = p.supervisor;
        }
        p.supervisor = null;
        p.log = null;
    }

    @Override
    protected void release(Time time, Rdd<T> rdd) {
        if (rdd instanceof BlockRdd<T> blocks) { // not the empty batches a live upgrade puts before what was kept
            store.remove(blocks.blockIds());
        }
        records.remove(time);
        released = time;
        releaseLogged();
    }

    /** Blocks a checkpoint may replay stay in the log: from the write-ahead log's point of view, their batch is not done. */
    private void releaseLogged() {
        Time upTo = released.isBefore(horizon) ? released : horizon;
        var done = logged.headMap(upTo, true);
        if (log != null) {
            done.values().forEach(segments -> segments.forEach(log::release));
        }
        done.clear();
        if (recovery != null && recovery.forgotten(upTo)) {
            recovery = null;
        }
    }

    @Override
    public Optional<Progress> progress(Time from) {
        if (log == null) {
            return Optional.empty();
        }
        return Optional.of(new Progress(from,
                new ReceiverProgress(lastTaken(), allocatedUpTo, logged.tailMap(from, false)).encode()));
    }

    @Override
    public void restore(Progress progress, Time lastGenerated) {
        recovery = ReceiverRecovery.decode(name(), progress.bytes());
    }

    @Override
    public void forget(Time horizon) {
        this.horizon = horizon;
        releaseLogged();
    }

    /** With backpressure, sets the receiver's rate from what this batch managed to process. */
    @Override
    public void batchCompleted(BatchInfo batch) {
        if (estimator == null) {
            return;
        }
        long processing = batch.processingDelay().map(Duration::toMillis).orElse(0L);
        long scheduling = batch.schedulingDelay().map(Duration::toMillis).orElse(0L);
        estimator.compute(batch.processingEndTime(), recordsAt(batch.batchTime()), processing, scheduling)
                .ifPresent(rate -> {
                    double limited = rates.limit(rate);
                    LOG.debug("{}: receiving rate set to {} records/s", name(), (long) limited);
                    supervisor.setRate(limited);
                });
    }

    @Override
    public long recordsAt(Time time) {
        return records.getOrDefault(time, 0L);
    }

    @Override
    public Optional<ReceiverInfo> receiverInfo() {
        return Optional.ofNullable(supervisor).map(ReceiverSupervisor::info);
    }
}
