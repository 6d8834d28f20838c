package dev.sluice.runtime.internal.input;

import dev.sluice.runtime.internal.graph.StreamEnvironment;
import dev.sluice.runtime.internal.graph.InputNode;
import dev.sluice.runtime.internal.graph.DStreamGraph;
import dev.sluice.api.Config;
import dev.sluice.api.SluiceException;
import dev.sluice.api.Time;
import dev.sluice.api.listener.BatchInfo;
import dev.sluice.api.listener.ReceiverInfo;
import dev.sluice.api.spi.BatchSource;
import dev.sluice.api.spi.BatchSourceContext;
import dev.sluice.api.spi.GroupMembership;
import dev.sluice.api.spi.KeyExchange;
import dev.sluice.api.spi.RecordCodec;
import dev.sluice.runtime.internal.exec.FailedRdd;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.exec.SplitRdd;
import dev.sluice.runtime.internal.plugin.PluginRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream polled from a {@link BatchSource} plugin: each batch asks the source for that batch's
 * splits (e.g. new files), which the workers read when the batch runs. A poll that fails fails the
 * outputs of this stream for that batch only.
 */
public final class BatchSourceNode<T> extends InputNode<T> {

    private static final Logger LOG = LoggerFactory.getLogger(BatchSourceNode.class);

    private final String sourceType;
    private final Config config;
    private volatile BatchSource<T> source;
    private volatile String status = "not started";
    private volatile String lastError;
    /** The lag the source reported last; negative while it has reported none. */
    private volatile long lag = -1;
    /** The source's progress after its latest poll: it replays the batches it polled before. */
    private Progress latest;
    private Progress restored;
    /** The records of each batch not yet completed, as the source reported them. */
    private final Map<Time, Long> records = new ConcurrentHashMap<>();
    /** With backpressure, the rate the source should take records at, from completed batches; 0: none yet. */
    private PidRateEstimator estimator;
    private RateSettings rates = RateSettings.UNLIMITED;
    private volatile double rate;

    public BatchSourceNode(DStreamGraph graph, String operator, String sourceType, Config config) {
        super(graph, operator);
        this.sourceType = sourceType;
        this.config = config;
    }

    @Override
    public Optional<PluginRef> requiredPlugin() {
        return Optional.of(PluginRef.source(sourceType));
    }

    @Override
    @SuppressWarnings("unchecked")
    public void start(StreamEnvironment env) {
        try {
            Config made = config;
            for (String key : List.of(GroupMembership.SHARED_GROUP, GroupMembership.SHARED_SESSION_TIMEOUT,
                    GroupMembership.SHARED_INPUTS, KeyExchange.SHUFFLES, KeyExchange.STATE_SHUFFLES,
                    KeyExchange.CHAINED_SHUFFLES)) {
                Optional<String> value = env.settings().get(key);
                if (value.isPresent()) {
                    made = made.with(key, value.get());
                }
            }
            Optional<KeyExchange.SnapshotFiles> snapshots = env.settings().object(KeyExchange.SNAPSHOT_FILES,
                    KeyExchange.SnapshotFiles.class);
            if (snapshots.isPresent()) {
                made = made.withObject(KeyExchange.SNAPSHOT_FILES, snapshots.get())
                        .with(KeyExchange.SNAPSHOT_INTERVAL, env.settings().string(KeyExchange.SNAPSHOT_INTERVAL));
            }
            source = (BatchSource<T>) env.plugins().requireSource(sourceType)
                    .createBatchSource(made.withObject(RecordCodec.CONFIG_KEY, env.codec()));
        } catch (UnsupportedOperationException e) {
            throw new SluiceException(name() + ": the '" + sourceType + "' source plugin cannot be polled per batch ("
                    + e.getMessage() + ")", e);
        }
        rates = RateSettings.from(env.settings());
        estimator = rates.estimator(graph.batchInterval()).orElse(null);
        rate = rates.startRate();
        try {
            source.start(new Context(graph.batchInterval(), graph.zeroTime().plus(graph.batchInterval()),
                    new Time(env.clock().millis())));
        } catch (Exception e) {
            throw new SluiceException(name() + ": " + describe() + " failed to start: " + e.getMessage(), e);
        }
        try {
            if (restored != null) {
                source.restore(restored.bytes());
                latest = restored;
                LOG.info("{}: {} goes on from its progress as of batch {}", name(), describe(),
                        restored.time());
            } else {
                keepProgress(graph.zeroTime());
            }
        } catch (Exception e) {
            throw new SluiceException(name() + ": " + describe() + " cannot go on from its checkpointed"
                    + " progress: " + e.getMessage() + "; to start this stream afresh, start with recovery=fresh", e);
        }
        status = "started";
    }

    /** The source's progress after polling {@code time}; one that fails leaves checkpoints with the one before. */
    private void keepProgress(Time time) {
        byte[] bytes;
        try {
            bytes = source.progress();
        } catch (RuntimeException | LinkageError e) {
            report("cannot record its progress after batch " + time + " (checkpoints keep the one before): " + e, e);
            return;
        }
        if (bytes != null) {
            latest = new Progress(time, bytes);
        }
    }

    /**
     * Calls one of the source's notifications; a source that throws from it is reported, and the
     * stream goes on: it must not stop the scheduler that called it.
     */
    private void notifySource(String what, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException | LinkageError e) {
            report(what + " failed: " + e, e);
        }
    }

    private void report(String message, Throwable cause) {
        lastError = message;
        LOG.error("{} ({}): {}", name(), describe(), message, cause);
    }

    /** The source's description; one that throws is named by its class. */
    private String describe() {
        BatchSource<T> s = source;
        try {
            return s.description();
        } catch (RuntimeException | LinkageError e) {
            return s.getClass().getName() + " (its description() failed: " + e + ")";
        }
    }

    /** The latest progress: the source replays every batch it polled, so any batch after {@code from} is covered. */
    @Override
    public Optional<Progress> progress(Time from) {
        return Optional.ofNullable(latest);
    }

    @Override
    public void restore(Progress progress, Time lastGenerated) {
        restored = progress;
    }

    @Override
    public Object sourceSettings() {
        return java.util.Arrays.asList(sourceType, config.asMap());
    }

    /**
     * A polled source keeps nothing between polls but its progress: a new one goes on from it, so
     * even an unchanged source is made again (its context reports to this node).
     */
    @Override
    protected void continueFrom(InputNode<T> previous, Carry carry) {
        var p = (BatchSourceNode<T>) previous;
        records.putAll(p.records);
        p.stop();
        restored = carry == Carry.DATA_ONLY ? null : p.latest;
        p.source = null;
    }

    @Override
    public void batchCompleted(BatchInfo batch) {
        if (source != null) {
            notifySource("batchCompleted(" + batch.batchTime() + ")", () -> source.batchCompleted(batch.batchTime()));
        }
        if (estimator != null) {
            long processing = batch.processingDelay().map(Duration::toMillis).orElse(0L);
            long scheduling = batch.schedulingDelay().map(Duration::toMillis).orElse(0L);
            estimator.compute(batch.processingEndTime(), recordsAt(batch.batchTime()), processing, scheduling)
                    .ifPresent(r -> rate = rates.limit(r));
        }
        records.keySet().removeIf(t -> !t.isAfter(batch.batchTime()));
    }

    @Override
    public void forget(Time horizon) {
        if (source != null) {
            notifySource("forget(" + horizon + ")", () -> source.forget(horizon));
        }
    }

    @Override
    public void stop() {
        if (source != null) {
            notifySource("stop()", source::stop);
        }
    }

    @Override
    protected Rdd<T> compute(Time time) {
        take(time);
        try {
            return new SplitRdd<>(source.poll(time));
        } catch (Exception e) {
            var failure = new SluiceException(describe() + " could not list batch " + time + ": "
                    + e.getMessage(), e);
            lastError = failure.getMessage();
            LOG.error("{}: {}", name(), failure.getMessage(), e);
            return new FailedRdd<>(failure);
        } finally {
            keepProgress(time);
        }
    }

    /** What the source reported for the batch; 0 when it does not say (the workers count as they read). */
    @Override
    public long recordsAt(Time time) {
        return records.getOrDefault(time, 0L);
    }

    /** The source's status and last error, shown with the stream's status like a receiver's. */
    @Override
    public Optional<ReceiverInfo> receiverInfo() {
        BatchSource<T> s = source;
        return s == null ? Optional.empty()
                : Optional.of(new ReceiverInfo(id(), describe(), true, status, Optional.ofNullable(lastError)));
    }

    @Override
    public OptionalLong lag() {
        long l = lag;
        return l < 0 ? OptionalLong.empty() : OptionalLong.of(l);
    }

    private final class Context implements BatchSourceContext {
        private final Duration batchInterval;
        private final Time firstBatchTime;
        private final Time startTime;

        Context(Duration batchInterval, Time firstBatchTime, Time startTime) {
            this.batchInterval = batchInterval;
            this.firstBatchTime = firstBatchTime;
            this.startTime = startTime;
        }

        @Override
        public Time startTime() {
            return startTime;
        }

        @Override
        public Duration batchInterval() {
            return batchInterval;
        }

        @Override
        public Time firstBatchTime() {
            return firstBatchTime;
        }

        @Override
        public OptionalDouble maxRate() {
            double r = rate;
            return estimator == null || r <= 0 ? OptionalDouble.empty() : OptionalDouble.of(r);
        }

        @Override
        public void reportRecords(Time batchTime, long count) {
            records.put(batchTime, count);
        }

        @Override
        public void reportLag(long records) {
            lag = Math.max(0, records);
        }

        @Override
        public void reportError(String message, Throwable cause) {
            report(message, cause);
        }

        @Override
        public void reportStatus(String newStatus) {
            status = newStatus;
        }
    }
}
