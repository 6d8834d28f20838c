package dev.sluice.runtime.internal.manager;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.sluice.api.Time;
import dev.sluice.api.listener.BatchInfo;
import dev.sluice.api.listener.StreamingListener;

/**
 * Counts a stream's batches and keeps the latest completed ones, for {@code stream:status} and
 * {@code stream:batches}, plus every batch submitted and not yet completed (queued, running, or
 * held while a sink is missing): those are few, and exist in memory anyway.
 */
final class BatchStats implements StreamingListener {

    /** As many completed batches as the shell may ask for; a BatchInfo is a few hundred bytes. */
    static final int RECENT = 100;

    private final ArrayDeque<BatchInfo> recent = new ArrayDeque<>();
    private final Map<Time, BatchInfo> pending = new LinkedHashMap<>();
    private long completed;
    private long failed;

    @Override
    public synchronized void onBatchSubmitted(BatchInfo batch) {
        pending.put(batch.batchTime(), batch);
    }

    @Override
    public synchronized void onBatchStarted(BatchInfo batch) {
        pending.replace(batch.batchTime(), batch);
    }

    @Override
    public synchronized void onBatchCompleted(BatchInfo batch) {
        pending.remove(batch.batchTime());
        completed++;
        if (batch.failure().isPresent()) {
            failed++;
        }
        if (recent.size() == RECENT) {
            recent.removeFirst();
        }
        recent.addLast(batch);
    }

    synchronized long completed() {
        return completed;
    }

    synchronized long failed() {
        return failed;
    }

    /** The latest completed batches, then the pending ones, oldest first. */
    synchronized List<BatchInfo> recent() {
        var all = new ArrayList<BatchInfo>(recent.size() + pending.size());
        all.addAll(recent);
        all.addAll(pending.values());
        return List.copyOf(all);
    }
}
