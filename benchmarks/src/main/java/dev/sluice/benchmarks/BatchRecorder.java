package dev.sluice.benchmarks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import dev.sluice.api.listener.BatchInfo;
import dev.sluice.api.listener.StreamingListener;

/**
 * Keeps every completed batch; the listener bus calls it on its own thread while the main thread reads.
 * With {@code print}, also prints a {@code BATCH} line as each one completes (with the wall clock), so
 * that a run ended by a kill still leaves its batches behind.
 */
final class BatchRecorder implements StreamingListener {

    private final boolean print;

    BatchRecorder(boolean print) {
        this.print = print;
    }

    private final ConcurrentLinkedQueue<BatchSample> completed = new ConcurrentLinkedQueue<>();
    private final AtomicLong submitted = new AtomicLong();

    @Override
    public void onBatchSubmitted(BatchInfo batch) {
        submitted.incrementAndGet();
    }

    @Override
    public void onBatchCompleted(BatchInfo batch) {
        BatchSample sample = BatchSample.of(batch);
        completed.add(sample);
        if (print) {
            System.out.println("BATCH time=" + sample.time() + " records=" + sample.records() + " sched="
                    + sample.schedulingDelay() + " proc=" + sample.processingDelay() + " total=" + sample.totalDelay()
                    + " failed=" + sample.failed() + " at=" + System.currentTimeMillis());
        }
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
