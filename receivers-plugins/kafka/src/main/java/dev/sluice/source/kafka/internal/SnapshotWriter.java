package dev.sluice.source.kafka.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the snapshots of the key partitions this member commits, at the stream's checkpoint moments
 * (the first commit of a batch at or after each multiple of the interval), on a thread of its own.
 * A partition's snapshot is its newest one with the changelog after it laid over it, read
 * {@code read_committed} to the end: so it holds exactly the committed state, never a batch whose
 * transaction may still be refused or was aborted, and costs a read of the changes since the last one.
 */
final class SnapshotWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotWriter.class);
    /** A transaction open longer than this (a next batch's, a dead member's) is left for the next snapshot. */
    private static final Duration STABLE_WAIT = Duration.ofSeconds(30);

    private final String topic;
    private final StateSnapshots snapshots;
    private final ChangelogReader reader;
    private final long interval;
    private final ExecutorService thread;
    private long nextAt = Long.MIN_VALUE;
    private Future<?> running;

    SnapshotWriter(String topic, StateSnapshots snapshots, ChangelogReader reader, Duration interval) {
        this.topic = topic;
        this.snapshots = snapshots;
        this.reader = reader;
        this.interval = Math.max(1, interval.toMillis());
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sluice-snapshots-" + topic);
            t.setDaemon(true);
            return t;
        });
    }

    /** Batch {@code batch} committed {@code partitions}: at a checkpoint moment, they are snapshot in the background. */
    synchronized void committed(long batch, Set<Integer> partitions) {
        if (partitions.isEmpty() || batch < nextAt || (running != null && !running.isDone())) {
            return; // a snapshot still being taken makes this moment's: the next moment takes one again
        }
        nextAt = (Math.floorDiv(batch, interval) + 1) * interval;
        Set<Integer> taken = new TreeSet<>(partitions);
        running = thread.submit(() -> {
            try {
                take(taken);
            } catch (RuntimeException | IOException e) {
                if (thread.isShutdown()) {
                    // closing interrupts it (a stop, a move of the stream): there is no next checkpoint to try
                    LOG.info("The snapshot of key partitions {} of {} was left off as the stream stopped ({})", taken,
                            topic, e.toString());
                } else {
                    LOG.warn("Cannot snapshot the state of key partitions {} of {} ({}); the next checkpoint tries"
                            + " again", taken, topic, e.toString());
                }
            }
        });
    }

    /**
     * Snapshots each of {@code partitions} now, one at a time (only one's state is held at once), once
     * what was written to them by now is decided (for at most {@link #STABLE_WAIT}): the transaction
     * whose commit made this moment is then readable.
     */
    void take(Set<Integer> partitions) throws IOException {
        long started = System.nanoTime();
        int count = reader.partitions();
        List<Integer> ordered = new ArrayList<>(partitions);
        try {
            reader.awaitStable(reader.written(ordered), STABLE_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Map<Integer, Long> beginnings = reader.beginnings(ordered);
        Map<Integer, Long> ends = reader.ends(ordered);
        var written = new LinkedHashMap<Integer, Long>();
        long keys = 0;
        for (int p : ordered) {
            if (p >= count) {
                continue;
            }
            // taken before the read: the age of the oldest change it may be missing a removal of
            long takenAt = System.currentTimeMillis();
            Optional<StateSnapshot> last = snapshots.usable(p, count, beginnings.get(p), ends.get(p), takenAt,
                    false);
            Map<ByteBuffer, byte[]> state = last.map(StateSnapshot::state).orElseGet(LinkedHashMap::new);
            long from = last.map(StateSnapshot::offset).orElse(0L);
            long to = reader.read(Map.of(p, from), Map.of(p, state)).ends().get(p);
            if (last.isPresent() && to == from) {
                continue; // nothing committed since
            }
            snapshots.write(new StateSnapshot(topic, p, count, to, takenAt, state));
            written.put(p, to);
            keys += state.size();
        }
        if (!written.isEmpty()) {
            LOG.info("Snapshot the state of key partitions of {} at changelog offsets {}: {} keys in {} ms", topic,
                    written, keys, Duration.ofNanos(System.nanoTime() - started).toMillis());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("A snapshot of {} did not stop within 10 s", topic);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reader.close();
    }
}
