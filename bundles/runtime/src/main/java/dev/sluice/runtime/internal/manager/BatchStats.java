package dev.sluice.runtime.internal.manager;

import dev.sluice.api.Time;
import dev.sluice.api.listener.BatchInfo;
import dev.sluice.api.listener.StreamingListener;
import dev.sluice.api.management.BatchDelays;
import dev.sluice.api.management.StreamMetrics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Counts a stream's batches and records, knows which batches wait and which run (every batch
 * submitted and not yet completed: queued, running, or held while a sink is missing; few, and in
 * memory anyway), and keeps the latest completed ones: the {@value #RECENT} that {@code stream:status}
 * and {@code stream:batches} show, and the {@link StreamMetrics#RETAINED} that charts draw.
 */
final class BatchStats implements StreamingListener {

    /** As many completed batches as the shell may ask for; a BatchInfo is a few hundred bytes. */
    static final int RECENT = 100;

    private final ArrayDeque<BatchInfo> retained = new ArrayDeque<>();
    /** By batch time: a batch made while the stream stops is never started, and goes with these stats. */
    private final Map<Time, BatchInfo> pending = new LinkedHashMap<>();
    private final Set<Time> running = new HashSet<>();
    private long completed;
    private long failed;
    private long receivedRecords;
    private long processedRecords;
    private BatchInfo lastReceived;

    @Override
    public synchronized void onBatchSubmitted(BatchInfo batch) {
        pending.put(batch.batchTime(), batch);
        receivedRecords += batch.numRecords();
        lastReceived = batch;
    }

    @Override
    public synchronized void onBatchStarted(BatchInfo batch) {
        pending.replace(batch.batchTime(), batch);
        running.add(batch.batchTime());
        if (lastReceived != null && lastReceived.batchTime().equals(batch.batchTime())) {
            lastReceived = batch;
        }
    }

    @Override
    public synchronized void onBatchCompleted(BatchInfo batch) {
        pending.remove(batch.batchTime());
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

    /** The latest {@value #RECENT} completed batches, then the pending ones, oldest first. */
    synchronized List<BatchInfo> recent() {
        var all = new ArrayList<BatchInfo>(RECENT + pending.size());
        retained.stream().skip(Math.max(0, retained.size() - RECENT)).forEach(all::add);
        all.addAll(pending.values());
        return List.copyOf(all);
    }

    /** The figures of {@link StreamMetrics} this listener knows; the stream adds its state, interval and receivers. */
    synchronized Figures figures() {
        return new Figures(completed, failed, receivedRecords, processedRecords, pending.size() - running.size(),
                running.size(), Optional.ofNullable(retained.peekLast()), Optional.ofNullable(lastReceived),
                List.copyOf(retained));
    }

    /**
     * The latest completed batch's delays, and the largest of each over the batches completed in the
     * {@link BatchDelays#WINDOW} before {@code now}; empty before the first completed batch.
     */
    synchronized Optional<BatchDelays> delays(long now) {
        BatchInfo last = retained.peekLast();
        if (last == null || last.schedulingDelay().isEmpty() || last.processingDelay().isEmpty()) {
            return Optional.empty();
        }
        long since = now - BatchDelays.WINDOW.toMillis();
        Duration maxScheduling = Duration.ZERO;
        Duration maxProcessing = Duration.ZERO;
        Duration maxTotal = Duration.ZERO;
        for (var it = retained.descendingIterator(); it.hasNext(); ) {
            BatchInfo b = it.next();
            if (b != last && b.processingEndTime() < since) {
                break; // completed in batch order: the rest are older still
            }
            maxScheduling = max(maxScheduling, b.schedulingDelay());
            maxProcessing = max(maxProcessing, b.processingDelay());
            maxTotal = max(maxTotal, b.totalDelay());
        }
        return Optional.of(new BatchDelays(last.schedulingDelay().orElseThrow(), last.processingDelay().orElseThrow(),
                last.totalDelay().orElseThrow(), maxScheduling, maxProcessing, maxTotal));
    }

    /** The time of the latest completed batch. */
    synchronized Optional<Time> lastCompleted() {
        return Optional.ofNullable(retained.peekLast()).map(BatchInfo::batchTime);
    }

    private static Duration max(Duration max, Optional<Duration> d) {
        return d.filter(x -> x.compareTo(max) > 0).orElse(max);
    }

    record Figures(long completed, long failed, long receivedRecords, long processedRecords, int waiting,
                   int running, Optional<BatchInfo> lastCompleted, Optional<BatchInfo> lastReceived,
                   List<BatchInfo> retained) {
    }
}
