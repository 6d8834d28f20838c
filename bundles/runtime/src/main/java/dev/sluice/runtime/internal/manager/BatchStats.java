package dev.sluice.runtime.internal.manager;

import java.util.ArrayDeque;
import java.util.List;
import dev.sluice.api.listener.BatchInfo;
import dev.sluice.api.listener.StreamingListener;

/** Counts a stream's batches and keeps the latest few, for {@code stream:status}. */
final class BatchStats implements StreamingListener {

    private static final int RECENT = 5;

    private final ArrayDeque<BatchInfo> recent = new ArrayDeque<>();
    private long completed;
    private long failed;

    @Override
    public synchronized void onBatchCompleted(BatchInfo batch) {
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

    synchronized List<BatchInfo> recent() {
        return List.copyOf(recent);
    }
}
