package dev.sluice.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * The verdict over a measured window of batch times {@code [from, to]}: the rate received and the
 * delay percentiles. Stable means every batch due in the window completed, none failed, and each
 * one's total delay stayed under the batch interval, so no backlog can have built up.
 */
record ThroughputSummary(long batchMillis, int measured, int expected, long records, long failed,
                         long[] processing, long[] total, long maxSchedulingDelay,
                         long submitted, long completed, double coresBusy, double machineCoresBusy,
                         long gcMillis, long gcCount, double switchesPerBatch) {

    static ThroughputSummary of(List<BatchSample> all, long batchMillis, long from, long to, long submitted,
                                ResourceMeter.Reading start, ResourceMeter.Reading end) {
        List<BatchSample> window = all.stream().filter(b -> b.time() >= from && b.time() <= to).toList();
        long firstDue = Math.floorDiv(from + batchMillis - 1, batchMillis) * batchMillis;
        long lastDue = Math.floorDiv(to, batchMillis) * batchMillis;
        int expected = lastDue < firstDue ? 0 : (int) ((lastDue - firstDue) / batchMillis + 1);
        return new ThroughputSummary(batchMillis, window.size(), expected,
                window.stream().mapToLong(BatchSample::records).sum(),
                window.stream().filter(BatchSample::failed).count(),
                sorted(window, BatchSample::processingDelay), sorted(window, BatchSample::totalDelay),
                window.stream().mapToLong(BatchSample::schedulingDelay).max().orElse(-1),
                submitted, all.size(), ResourceMeter.coresBusy(start, end), ResourceMeter.machineCoresBusy(start, end),
                end.gcMillis() - start.gcMillis(), end.gcCount() - start.gcCount(),
                ResourceMeter.switchesPerBatch(start, end, batchMillis));
    }

    boolean stable() {
        return expected > 0 && measured >= expected && failed == 0 && percentile(total, 1) < batchMillis;
    }

    double recordsPerSecond() {
        return measured == 0 ? 0 : records * 1000.0 / (measured * batchMillis);
    }

    /** One line that scripts grep for; the field names follow the Spark reference's where they overlap. */
    String line() {
        return String.format(Locale.ROOT,
                "SUMMARY batchMs=%d batches=%d/%d recv_rec_per_s=%.0f proc_p50=%d proc_p95=%d proc_max=%d "
                        + "total_p50=%d total_p95=%d total_p99=%d total_max=%d sched_max=%d failed=%d "
                        + "submitted=%d completed=%d cpu_cores=%.2f machine_cores=%.2f gc_ms=%d gc_count=%d stable=%s "
                        + "switches_per_batch=%.1f",
                batchMillis, measured, expected, recordsPerSecond(),
                percentile(processing, .50), percentile(processing, .95), percentile(processing, 1),
                percentile(total, .50), percentile(total, .95), percentile(total, .99), percentile(total, 1),
                maxSchedulingDelay, failed, submitted, completed, coresBusy, machineCoresBusy, gcMillis, gcCount,
                stable(), switchesPerBatch);
    }

    /** Nearest-rank percentile; -1 when there is nothing to rank. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    private static long[] sorted(List<BatchSample> batches, ToLongFunction<BatchSample> delay) {
        long[] values = batches.stream().mapToLong(delay).toArray();
        Arrays.sort(values);
        return values;
    }
}
