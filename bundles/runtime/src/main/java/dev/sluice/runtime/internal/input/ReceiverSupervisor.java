package dev.sluice.runtime.internal.input;

import dev.sluice.runtime.internal.graph.ReceiverEvents;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import dev.sluice.api.StorageLevel;
import dev.sluice.api.spi.RecordCodec;
import dev.sluice.runtime.internal.storage.BlockLog;
import dev.sluice.api.listener.ReceiverInfo;
import dev.sluice.api.spi.Receiver;
import dev.sluice.api.spi.ReceiverContext;
import dev.sluice.runtime.internal.block.Block;
import dev.sluice.runtime.internal.block.BlockStore;
import dev.sluice.runtime.internal.serial.LineText;
import dev.sluice.runtime.internal.time.Clock;
import dev.sluice.runtime.internal.time.RecurringTimer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one receiver on a thread of its own: starts it, and whenever it fails or asks for a
 * restart, stops it and starts it again after a back-off delay, until the stream stops. Each
 * start gets its own {@link ReceiverContext}, so a late callback from an earlier connection
 * cannot restart a later one.
 */
public final class ReceiverSupervisor<T> {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiverSupervisor.class);

    private final int streamId;
    private final Receiver<T> receiver;
    private final BlockGenerator<T> generator;
    private final RateLimiter limiter;
    private final RecurringTimer blockTimer;
    /** Changes when a live upgrade hands the running receiver to the next version's run. */
    private volatile ReceiverEvents events;
    private final Backoff backoff;
    private final Clock clock;
    private final long blockInterval;
    private final long batchInterval;
    /** When a batch last took the blocks (clock ms): while batches are made, a block tick at a batch time is theirs. */
    private volatile long lastAllocated;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile boolean active;
    private volatile String status = "starting";
    private volatile String lastError;

    public ReceiverSupervisor(int streamId, Receiver<T> receiver, BlockStore store, StorageLevel level,
                              BlockLog log, RecordCodec codec, double initialRate, Clock clock,
                              Duration blockInterval, Duration batchInterval, Duration maxBackoff,
                              ReceiverEvents events) {
        this.streamId = streamId;
        this.limiter = new RateLimiter(initialRate);
        this.receiver = receiver;
        this.generator = new BlockGenerator<>(streamId, store, level, log, codec);
        this.clock = clock;
        this.blockInterval = blockInterval.toMillis();
        this.batchInterval = batchInterval.toMillis();
        this.blockTimer = new RecurringTimer(clock, this.blockInterval, this::blockTick,
                "sluice-block-generator-" + streamId);
        this.events = events;
        this.backoff = new Backoff(Duration.ofMillis(Math.min(200, maxBackoff.toMillis())), maxBackoff);
        this.thread = new Thread(this::supervise, "sluice-receiver-" + streamId);
        this.thread.setDaemon(true);
    }

    public void start() {
        lastAllocated = clock.millis();
        blockTimer.start(RecurringTimer.nextAligned(clock.millis(), blockInterval));
        thread.start();
    }

    /**
     * Cuts a block, unless the tick falls on a batch time while batches are being made: that batch cuts
     * the buffer itself when it takes the blocks. Both cutting at once left a batch a sliver of a block
     * beside its block (or the next batch one), and two blocks of a batch are two tasks, not a block in
     * halves: one worker mapped nearly all of it. Batches paused or stuck for an interval get their cut.
     */
    private void blockTick(long tick) {
        if (tick % batchInterval != 0 || lastAllocated < tick - batchInterval) {
            generator.cut();
        }
    }

    /** A live upgrade: the receiver's life is reported to the next version's run from now on. */
    void reportTo(ReceiverEvents next) {
        events = next;
    }

    /** Stops the receiver and waits (bounded) for it to end; what it buffered but did not hand to a batch is dropped. */
    public void stop() {
        stopped = true;
        blockTimer.stop();
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sets how many records per second the receiver may store; 0 or less means unlimited. */
    public void setRate(double recordsPerSecond) {
        limiter.setRate(recordsPerSecond);
    }

    public double rate() {
        return limiter.rate();
    }

    /** Whether anything was received that no batch has taken yet. */
    public boolean hasData() {
        return generator.hasData();
    }

    /** Every block received since the previous call, including what is buffered right now. */
    public List<Block> allocateBlocks() {
        lastAllocated = clock.millis();
        return generator.allocate();
    }

    public ReceiverInfo info() {
        return new ReceiverInfo(streamId, describe(), active, status, Optional.ofNullable(lastError));
    }

    private void supervise() {
        while (!stopped) {
            var attempt = new Attempt();
            long startedAt = clock.millis();
            try {
                // active from the moment it starts: a receiver may report its status before onStart returns
                active = true;
                receiver.onStart(attempt);
                if (status.equals("starting") || status.startsWith("restarting")) {
                    status = "running";
                }
                events.started(info());
                attempt.awaitEnd();
            } catch (InterruptedException e) {
                attempt.end(null, null);
            } catch (Exception | LinkageError e) {
                attempt.end("failed to start: " + e, e);
            }
            safeStop();
            active = false;
            if (stopped) {
                break;
            }
            long ranMillis = clock.millis() - startedAt;
            if (attempt.stored || ranMillis > backoff.max()) {
                backoff.reset();
            }
            long delay = backoff.nextDelay();
            status = "restarting in " + delay + " ms: " + attempt.reason;
            lastError = attempt.reason;
            LOG.warn("Receiver {} of stream {} restarts in {} ms: {}", describe(), streamId, delay,
                    attempt.reason);
            events.error(info());
            try {
                clock.sleepUntil(clock.millis() + delay);
            } catch (InterruptedException e) {
                // stop() interrupts the back-off wait; the loop condition ends it
            }
        }
        status = "stopped";
        events.stopped(info());
    }

    /** The receiver's description; one that throws is named by its class, so it cannot stop the supervision. */
    private String describe() {
        try {
            return receiver.description();
        } catch (RuntimeException | LinkageError e) {
            return receiver.getClass().getName() + " (its description() failed: " + e + ")";
        }
    }

    private void safeStop() {
        try {
            receiver.onStop();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Receiver {} of stream {} failed to stop cleanly", describe(), streamId, e);
        }
    }

    /** One start of the receiver: its view of the runtime until it ends by restart, failure or stop. */
    private final class Attempt implements ReceiverContext<T> {

        private boolean ended;
        private String reason;
        private boolean stored;

        /** Made once: store(record) is called for every record. */
        private final BooleanSupplier stoppedCheck = this::isStopped;
        private final RateLimiter.LinesTaker linesTaker = generator::addLines;

        @Override
        public void store(T record) {
            limiter.acquire(1, stoppedCheck);
            generator.add(record);
            stored = true;
        }

        @Override
        public void store(List<? extends T> records) {
            limiter.acquire(records.size(), stoppedCheck);
            generator.storeBlock(records);
            stored = true;
        }

        @Override
        public void storeLines(byte[] text, int offset, int length) {
            LineText.requireCompleteLines(text, offset, length);
            limiter.acquireLines(text, offset, offset + length, stoppedCheck, linesTaker);
            stored = true;
        }

        @Override
        public void restart(String why, Throwable cause) {
            end(why, cause);
        }

        @Override
        public void reportError(String message, Throwable cause) {
            lastError = message;
            LOG.warn("Receiver {} of stream {}: {}", describe(), streamId, message, cause);
            events.error(info());
        }

        @Override
        public void reportStatus(String s) {
            status = s;
        }

        @Override
        public boolean isStopped() {
            return stopped || isEnded();
        }

        synchronized boolean isEnded() {
            return ended;
        }

        synchronized void end(String why, Throwable cause) {
            if (ended) {
                return;
            }
            ended = true;
            reason = cause == null || why.contains(String.valueOf(cause.getMessage())) ? why : why + ": " + cause;
            if (cause != null && !(cause instanceof java.io.IOException)) {
                LOG.debug("Receiver {} of stream {} ended", describe(), streamId, cause);
            }
            notifyAll();
        }

        synchronized void awaitEnd() throws InterruptedException {
            while (!ended && !stopped) {
                wait(100);
            }
        }
    }
}
