package dev.sluice.runtime.internal.manager;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import dev.sluice.api.Time;
import dev.sluice.api.listener.BatchInfo;
import dev.sluice.api.listener.StreamingListener;
import dev.sluice.api.management.StreamMetrics;

/**
 * Counts a stream's batches and records, knows which batches wait and which run, and keeps the
 * latest completed ones: the few {@code stream:status} shows and the {@link StreamMetrics#RETAINED}
 * that charts draw.
 */
final class BatchStats implements StreamingListener {

    private static final int RECENT = 5;

    private final ArrayDeque<BatchInfo> retained = new ArrayDeque<>();
    // by batch time: a batch generated while the stream stops is never started, and must not count as waiting forever
    private final Set<Time> waiting = new HashSet<>();
    private final Set<Time> running = new HashSet<>();
    private long completed;
    private long failed;
    private long receivedRecords;
    private long processedRecords;
    private BatchInfo lastReceived;

    @Override
    public synchronized void onBatchSubmitted(BatchInfo batch) {
        waiting.add(batch.batchTime());
        receivedRecords += batch.numRecords();
        lastReceived = batch;
    }

    @Override
    public synchronized void onBatchStarted(BatchInfo batch) {
        waiting.remove(batch.batchTime());
        running.add(batch.batchTime());
        if (lastReceived != null && lastReceived.batchTime().equals(batch.batchTime())) {
            lastReceived = batch;
        }
    }

    @Override
    public synchronized void onBatchCompleted(BatchInfo batch) {
        waiting.remove(batch.batchTime());
        running.remove(batch.batchTime());
        completed++;
        processedRecords += batch.numRecords();
        if (batch.failure().isPresent()) {
            failed++;
        }
        if (lastReceived != null && lastReceived.batchTime().equals(batch.batchTime())) {
            lastReceived = batch;
        }
        if (retained.size() == StreamMetrics.RETAINED) {
            retained.removeFirst();
        }
        retained.addLast(batch);
    }

    synchronized long completed() {
        return completed;
    }

    synchronized long failed() {
        return failed;
    }

    synchronized List<BatchInfo> recent() {
        return retained.stream().skip(Math.max(0, retained.size() - RECENT)).toList();
    }

    /** The figures of {@link StreamMetrics} this listener knows; the stream adds its state, interval and receivers. */
    synchronized Figures figures() {
        return new Figures(completed, failed, receivedRecords, processedRecords, waiting.size(), running.size(),
                Optional.ofNullable(retained.peekLast()), Optional.ofNullable(lastReceived), List.copyOf(retained));
    }

    record Figures(long completed, long failed, long receivedRecords, long processedRecords, int waiting,
                   int running, Optional<BatchInfo> lastCompleted, Optional<BatchInfo> lastReceived,
                   List<BatchInfo> retained) {
    }
}
