package dev.sluice.benchmarks.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.scheduler.BatchInfo;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchSubmitted;

/**
 * One measured run of a Spark streaming job, as the side-by-side benchmarks take it: a listener
 * records every batch's delays, and the run prints the SUMMARY line of Sluice's runner (the same
 * fields and the same verdict) over the batches from the warm-up to two intervals before the end.
 * Shared by the Spark jobs built beside the Sluice benchmark.
 */
public final class SparkBatches implements StreamingListener {

    record Batch(long time, long records, long sched, long proc, long total, boolean failed) {
    }

    private final ConcurrentLinkedQueue<Batch> done = new ConcurrentLinkedQueue<>();
    private final AtomicLong submitted = new AtomicLong();

    @Override
    public void onBatchSubmitted(StreamingListenerBatchSubmitted e) {
        submitted.incrementAndGet();
    }

    @Override
    public void onBatchCompleted(StreamingListenerBatchCompleted e) {
        BatchInfo b = e.batchInfo();
        boolean failed = b.outputOperationInfos().values().exists(o -> o.failureReason().isDefined());
        done.add(new Batch(b.batchTime().milliseconds(), b.numRecords(), (Long) b.schedulingDelay().get(),
                (Long) b.processingDelay().get(), (Long) b.totalDelay().get(), failed));
    }

    /**
     * Starts {@code ssc} (with this listener), runs it for {@code runMs}, writes every batch to
     * {@code csv} (if not null) and returns the SUMMARY line; the engine's CPU is measured over the window.
     */
    public static String measure(JavaStreamingContext ssc, long batchMs, long warmMs, long runMs, String csv)
            throws InterruptedException, IOException {
        var batches = new SparkBatches();
        ssc.addStreamingListener(batches);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long start = System.currentTimeMillis();
        ssc.start();
        Thread.sleep(Math.max(0, start + warmMs - System.currentTimeMillis()));
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        Thread.sleep(Math.max(0, start + runMs - System.currentTimeMillis()));
        double cores = (os.getProcessCpuTime() - cpu0) / (double) (System.nanoTime() - wall0);
        long stop = System.currentTimeMillis();
        List<Batch> all = new ArrayList<>(batches.done);
        all.sort(Comparator.comparingLong(Batch::time));
        if (csv != null) {
            try (var out = new PrintWriter(Files.newBufferedWriter(Path.of(csv)))) {
                out.println("batchTimeMs,records,schedDelayMs,procDelayMs,totalDelayMs,failed");
                all.forEach(b -> out.printf(Locale.ROOT, "%d,%d,%d,%d,%d,%s%n", b.time, b.records, b.sched, b.proc,
                        b.total, b.failed));
            }
        }
        return summary(all, batchMs, start + warmMs, stop - 2 * batchMs, batches.submitted.get(), cores);
    }

    /** The verdict as Sluice's ThroughputSummary gives it: every batch due in the window done, none failed, each under the interval. */
    static String summary(List<Batch> all, long batchMs, long from, long to, long submitted, double cores) {
        List<Batch> window = all.stream().filter(b -> b.time >= from && b.time <= to).toList();
        long firstDue = Math.floorDiv(from + batchMs - 1, batchMs) * batchMs;
        long lastDue = Math.floorDiv(to, batchMs) * batchMs;
        int expected = lastDue < firstDue ? 0 : (int) ((lastDue - firstDue) / batchMs + 1);
        long records = window.stream().mapToLong(Batch::records).sum();
        long failed = window.stream().filter(Batch::failed).count();
        long[] proc = window.stream().mapToLong(Batch::proc).sorted().toArray();
        long[] total = window.stream().mapToLong(Batch::total).sorted().toArray();
        long maxSched = window.stream().mapToLong(Batch::sched).max().orElse(-1);
        boolean stable = expected > 0 && window.size() >= expected && failed == 0 && pct(total, 1) < batchMs;
        double perSecond = window.isEmpty() ? 0 : records * 1000.0 / (window.size() * batchMs);
        return String.format(Locale.ROOT, "SUMMARY batchMs=%d batches=%d/%d recv_rec_per_s=%.0f proc_p50=%d proc_p95=%d"
                        + " proc_max=%d total_p50=%d total_p95=%d total_p99=%d total_max=%d sched_max=%d failed=%d"
                        + " submitted=%d completed=%d cpu_cores=%.2f stable=%s",
                batchMs, window.size(), expected, perSecond, pct(proc, .5), pct(proc, .95), pct(proc, 1),
                pct(total, .5), pct(total, .95), pct(total, .99), pct(total, 1), maxSched, failed, submitted,
                all.size(), cores, stable);
    }

    static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }
}
