package dev.sluice.benchmarks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import dev.sluice.api.listener.BatchInfo;
import dev.sluice.api.listener.StreamingListener;

/** Keeps every completed batch; the listener bus calls it on its own thread while the main thread reads. */
final class BatchRecorder implements StreamingListener {

    private final ConcurrentLinkedQueue<BatchSample> completed = new ConcurrentLinkedQueue<>();
    private final AtomicLong submitted = new AtomicLong();

    @Override
    public void onBatchSubmitted(BatchInfo batch) {
        submitted.incrementAndGet();
    }

    @Override
    public void onBatchCompleted(BatchInfo batch) {
        completed.add(BatchSample.of(batch));
    }

    long submitted() {
        return submitted.get();
    }

    /** The batches completed so far, by batch time. */
    List<BatchSample> completed() {
        var batches = new ArrayList<>(completed);
        batches.sort(Comparator.comparingLong(BatchSample::time));
        return batches;
    }
}
