package dev.sluice.shell.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import dev.sluice.api.listener.BatchInfo;
import dev.sluice.api.listener.OutputOperationInfo;

/**
 * Batches as a table, as Spark's streaming page lists them: batch time in local time, records,
 * input rate (records per second of batch interval), scheduling, processing and total delay, and
 * what its outputs did; then the averages over the completed batches shown.
 */
final class BatchTable {

    private static final String NONE = "-";
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private final ZoneId zone;

    BatchTable(ZoneId zone) {
        this.zone = zone;
    }

    /** The latest {@code count} of {@code batches}, oldest first, with their averages. */
    String render(List<BatchInfo> batches, int count, Optional<Duration> interval) {
        if (batches.isEmpty()) {
            return "no batches yet";
        }
        List<BatchInfo> all = batches.stream().sorted(Comparator.comparing(BatchInfo::batchTime)).toList();
        List<BatchInfo> shown = all.subList(Math.max(0, all.size() - Math.max(1, count)), all.size());
        var table = new TextTable("BATCH TIME", "RECORDS", "INPUT RATE", "SCHEDULING", "PROCESSING", "TOTAL", "OUTPUT");
        for (BatchInfo b : shown) {
            table.row(LOCAL_TIME.format(Instant.ofEpochMilli(b.batchTime().millis()).atZone(zone)), b.numRecords(),
                    rate(b.numRecords(), interval), seconds(b.schedulingDelay()), seconds(b.processingDelay()),
                    seconds(b.totalDelay()), output(b));
        }
        List<BatchInfo> done = shown.stream().filter(b -> b.processingEndTime() >= 0).toList();
        if (!done.isEmpty()) {
            double records = done.stream().mapToLong(BatchInfo::numRecords).average().orElse(0);
            table.row("average of " + done.size(), String.format(Locale.ROOT, "%.1f", records),
                    rate(records, interval), seconds(average(done, BatchInfo::schedulingDelay)),
                    seconds(average(done, BatchInfo::processingDelay)), seconds(average(done, BatchInfo::totalDelay)), "");
        }
        String title = shown.size() == 1 ? "last batch" : "last " + shown.size() + " batches";
        if (shown.size() < count && all.size() == shown.size()) {
            title += " (all there are)";
        }
        return title + "\n" + table.render();
    }

    /** Records per second over the latest {@code window} completed batches, or empty without an interval or batches. */
    static Optional<Double> inputRate(List<BatchInfo> batches, int window, Optional<Duration> interval) {
        List<BatchInfo> done = batches.stream().filter(b -> b.processingEndTime() >= 0)
                .sorted(Comparator.comparing(BatchInfo::batchTime)).toList();
        if (done.isEmpty() || interval.isEmpty() || interval.get().isZero()) {
            return Optional.empty();
        }
        List<BatchInfo> latest = done.subList(Math.max(0, done.size() - window), done.size());
        double records = latest.stream().mapToLong(BatchInfo::numRecords).sum();
        return Optional.of(records / (latest.size() * interval.get().toMillis() / 1000.0));
    }

    static String rate(double records, Optional<Duration> interval) {
        return interval.filter(i -> !i.isZero())
                .map(i -> String.format(Locale.ROOT, "%.1f/s", records / (i.toMillis() / 1000.0))).orElse(NONE);
    }

    private static Optional<Duration> average(List<BatchInfo> batches, Function<BatchInfo, Optional<Duration>> delay) {
        var known = batches.stream().map(delay).flatMap(Optional::stream).toList();
        return known.isEmpty() ? Optional.empty()
                : Optional.of(Duration.ofMillis(Math.round(known.stream().mapToLong(Duration::toMillis).average().orElse(0))));
    }

    private static String output(BatchInfo batch) {
        if (batch.processingEndTime() < 0) {
            return batch.processingStartTime() < 0 ? "queued" : "running";
        }
        return batch.failure().map(BatchTable::failure).orElse("ok");
    }

    private static String failure(OutputOperationInfo op) {
        return "failed: " + op.description() + ": " + op.failure().map(TextFormatter::firstLine).orElse("");
    }

    /** Seconds with millisecond precision, as the spec's delay lines show them; {@code -} if not yet known. */
    static String seconds(Optional<Duration> d) {
        return d.map(x -> String.format(Locale.ROOT, "%.3f s", x.toMillis() / 1000.0)).orElse(NONE);
    }
}
