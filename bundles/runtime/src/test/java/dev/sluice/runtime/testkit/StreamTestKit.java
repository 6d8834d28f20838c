package dev.sluice.runtime.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import dev.sluice.api.DStream;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.Time;
import dev.sluice.api.listener.BatchInfo;
import dev.sluice.api.listener.StreamingListener;
import dev.sluice.api.management.PluginDescription;
import dev.sluice.api.spi.OperatorProvider;
import dev.sluice.api.spi.SinkProvider;
import dev.sluice.api.spi.SourceProvider;
import dev.sluice.runtime.internal.context.StreamingContextImpl;
import dev.sluice.runtime.internal.plugin.Plugins;
import dev.sluice.runtime.internal.time.ManualClock;

/**
 * Drives a context batch by batch on a manual clock: queue input in, advance one batch, read
 * that batch's output. Nothing waits on wall-clock time except for a completion that is due.
 */
public final class StreamTestKit implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 30;

    private final ManualClock clock = new ManualClock(0);
    private final StreamingContextImpl context;
    private final LinkedBlockingQueue<BatchInfo> completed = new LinkedBlockingQueue<>();
    private final long interval;

    public StreamTestKit(Duration batchInterval, int parallelism) {
        this(new StreamingSettings("test", batchInterval, parallelism, null), NO_PLUGINS);
    }

    public StreamTestKit(StreamingSettings settings, Plugins plugins) {
        this.interval = settings.batchInterval().toMillis();
        this.context = new StreamingContextImpl(settings, clock, plugins);
        context.addStreamingListener(new StreamingListener() {
            @Override
            public void onBatchCompleted(BatchInfo batch) {
                completed.add(batch);
            }
        });
    }

    public StreamingContextImpl context() {
        return context;
    }

    public ManualClock clock() {
        return clock;
    }

    /** A queue stream fed one list per batch by {@link Input#add}. */
    public <T> Input<T> input() {
        var queue = new ConcurrentLinkedQueue<List<T>>();
        return new Input<>(queue, context.queueStream(queue, true));
    }

    /** Registers an output that records every batch of {@code stream}. */
    public <T> Output<T> output(DStream<T> stream) {
        var out = new Output<T>();
        stream.foreach((batch, time) -> out.batches.put(time, batch.collect()));
        return out;
    }

    public void start() {
        context.start();
    }

    /** Moves the clock one batch interval and waits until that batch completes. */
    public BatchInfo runBatch() {
        clock.advance(interval);
        return awaitBatch();
    }

    /** Waits for the next batch to complete, without moving the clock. */
    public BatchInfo awaitBatch() {
        try {
            BatchInfo info = completed.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (info == null) {
                throw new AssertionError("batch at " + clock.millis() + " ms did not complete");
            }
            return info;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Moves the clock to the next batch and waits for it to complete, moving the clock on by
     * {@code step} ms at a time meanwhile, for what the batch waits for on the clock (retries).
     */
    public BatchInfo runBatchMovingClock(long step) {
        clock.advance(interval);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (System.nanoTime() < deadline) {
                BatchInfo info = completed.poll(5, TimeUnit.MILLISECONDS);
                if (info != null) {
                    return info;
                }
                clock.advance(step);
            }
            throw new AssertionError("batch did not complete; the clock is at " + clock.millis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits for the context to stop, moving the clock on by {@code step} ms at a time meanwhile. */
    public void awaitTerminationMovingClock(long step) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!context.awaitTermination(Duration.ofMillis(5))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the context did not stop; the clock is at " + clock.millis() + " ms");
            }
            clock.advance(step);
        }
    }

    /** Waits until {@code condition} holds, for what has no event to wait on (a status, a file). */
    public static void await(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not come within " + TIMEOUT_SECONDS + " s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    public List<BatchInfo> runBatches(int n) {
        var infos = new ArrayList<BatchInfo>();
        for (int i = 0; i < n; i++) {
            infos.add(runBatch());
        }
        return infos;
    }

    /** The batch time of the k-th batch (k from 1) of a context started at clock 0. */
    public Time batchTime(int k) {
        return new Time(k * interval);
    }

    @Override
    public void close() {
        context.stop();
    }

    public record Input<T>(Queue<List<T>> queue, DStream<T> stream) {
        public void add(List<T> batch) {
            queue.add(batch);
        }
    }

    public static final class Output<T> {
        private final Map<Time, List<T>> batches = new ConcurrentHashMap<>();

        public List<T> at(Time time) {
            return batches.get(time);
        }

        public Map<Time, List<T>> all() {
            return batches;
        }
    }

    public static final Plugins NO_PLUGINS = new Plugins() {
        @Override
        public java.util.Optional<SourceProvider> source(String type) {
            return java.util.Optional.empty();
        }

        @Override
        public java.util.Optional<SinkProvider> sink(String type) {
            return java.util.Optional.empty();
        }

        @Override
        public List<PluginDescription> describe() {
            return List.of();
        }

        @Override
        public java.util.Collection<Object> all() {
            return List.of();
        }
    };

    /** Plugins given by hand, for tests that need a source or sink plugin without a class path scan. */
    public static Plugins plugins(Map<String, SourceProvider> sources, Map<String, SinkProvider> sinks) {
        return plugins(sources, sinks, Map.of());
    }

    /** Plugins given by hand, operators too. */
    public static Plugins plugins(Map<String, SourceProvider> sources, Map<String, SinkProvider> sinks,
                                  Map<String, OperatorProvider> operators) {
        return new Plugins() {
            @Override
            public java.util.Optional<SourceProvider> source(String type) {
                return java.util.Optional.ofNullable(sources.get(type));
            }

            @Override
            public java.util.Optional<SinkProvider> sink(String type) {
                return java.util.Optional.ofNullable(sinks.get(type));
            }

            @Override
            public java.util.Optional<OperatorProvider> operator(String type) {
                return java.util.Optional.ofNullable(operators.get(type));
            }

            @Override
            public java.util.Collection<Object> all() {
                var all = new ArrayList<Object>(sources.values());
                all.addAll(sinks.values());
                all.addAll(operators.values());
                return all;
            }

            @Override
            public List<PluginDescription> describe() {
                var all = new ArrayList<PluginDescription>();
                sources.keySet().forEach(t -> all.add(new PluginDescription("source", t, "test")));
                sinks.keySet().forEach(t -> all.add(new PluginDescription("sink", t, "test")));
                operators.forEach((t, p) -> all.add(new PluginDescription("operator", t, "test", p.description(),
                        p.parameters())));
                return all;
            }
        };
    }
}
