package dev.sluice.shell.internal;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import dev.sluice.api.listener.BatchInfo;
import dev.sluice.api.listener.OutputOperationInfo;
import dev.sluice.api.listener.ReceiverInfo;
import dev.sluice.api.management.CheckpointStatus;
import dev.sluice.api.management.PluginDescription;
import dev.sluice.api.management.StreamStatus;
import dev.sluice.api.management.StreamSummary;

/** The plain-text form of everything the {@code stream:} commands return. */
final class TextFormatter {

    private static final String NONE = "-";

    String streams(List<StreamSummary> streams) {
        if (streams.isEmpty()) {
            return "no applications are installed";
        }
        var table = new TextTable("APPLICATION", "STATE", "DESCRIPTION");
        streams.stream().sorted(Comparator.comparing(StreamSummary::application))
                .forEach(s -> table.row(s.application(), s.state(), orNone(s.description())));
        return table.render();
    }

    String plugins(List<PluginDescription> plugins) {
        if (plugins.isEmpty()) {
            return "no source, operator or sink plugins are installed";
        }
        var table = new TextTable("KIND", "TYPE", "PROVIDER");
        var sorted = plugins.stream()
                .sorted(Comparator.comparing(PluginDescription::kind).thenComparing(PluginDescription::type)).toList();
        sorted.forEach(p -> table.row(p.kind(), p.type(), p.provider()));
        var out = new StringBuilder(table.render());
        // what a plugin says of itself: what it does, and the keys it takes
        for (PluginDescription p : sorted) {
            if (p.description().isEmpty() && p.parameters().isEmpty()) {
                continue;
            }
            out.append("\n\n").append(p.kind()).append(' ').append(p.type())
                    .append(p.description().isEmpty() ? "" : ": " + p.description());
            if (!p.parameters().isEmpty()) {
                var keys = new TextTable("  KEY", "DEFAULT", "");
                p.parameters().forEach(k -> keys.row("  " + k.key(), k.defaultValue() == null ? "" : "'" + k.defaultValue()
                        + "'", k.description()));
                out.append('\n').append(keys.render());
            }
        }
        return out.toString();
    }

    /** A stream's latest checkpoint. */
    String checkpoint(CheckpointStatus c) {
        if (c.directory().isEmpty()) {
            return c.application() + " has no checkpoint directory; start it with checkpoint=DIR";
        }
        var table = new TextTable()
                .row("application", c.application())
                .row("directory", c.directory().get())
                .row("latest", c.file().orElse("no checkpoint yet"))
                .row("batch time", c.batchTime().map(String::valueOf).orElse(NONE))
                .row("last completed", c.lastCompleted().map(String::valueOf).orElse(NONE))
                .row("pending", c.pending().isEmpty() ? NONE
                        : c.pending().stream().map(String::valueOf).collect(Collectors.joining(", ")))
                .row("state", c.states().isEmpty() ? NONE : new TreeMap<>(c.states()).entrySet().stream()
                        .map(e -> e.getKey() + " at " + e.getValue()).collect(Collectors.joining(", ")))
                .row("last error", c.lastError().map(TextFormatter::firstLine).orElse(NONE));
        return table.render();
    }

    /** One line, for where Gogo shows a status inside something else. */
    String line(StreamStatus status) {
        return status.application() + " " + status.state();
    }

    /** The whole status, with the latest {@code batches} batches. */
    String status(StreamStatus status, int batches) {
        var summary = new TextTable()
                .row("application", status.application())
                .row("state", status.state())
                .row("arguments", arguments(status.arguments()))
                .row("waiting for", status.waitingFor().isEmpty() ? NONE : String.join(", ", status.waitingFor()))
                .row("batches", status.batchesCompleted() + " completed, " + status.batchesFailed() + " failed")
                .row("last error", status.lastError().map(TextFormatter::firstLine).orElse(NONE));
        return summary.render() + "\n\n" + batches(status.recentBatches(), batches)
                + "\n\n" + receivers(status.receivers());
    }

    private String batches(List<BatchInfo> recent, int count) {
        if (recent.isEmpty()) {
            return "no batches yet";
        }
        List<BatchInfo> latest = recent.stream().sorted(Comparator.comparing(BatchInfo::batchTime)).toList();
        latest = latest.subList(Math.max(0, latest.size() - Math.max(1, count)), latest.size());
        var table = new TextTable("BATCH TIME", "JOB", "RECORDS", "SCHEDULING", "PROCESSING", "TOTAL", "OUTPUT");
        for (BatchInfo b : latest) {
            table.row(b.batchTime(), b.jobId(), b.numRecords(), seconds(b.schedulingDelay()),
                    seconds(b.processingDelay()), seconds(b.totalDelay()), output(b));
        }
        String title = latest.size() == 1 ? "last batch" : "last " + latest.size() + " batches";
        return title + "\n" + table.render();
    }

    private String receivers(List<ReceiverInfo> receivers) {
        if (receivers.isEmpty()) {
            return "no receivers";
        }
        var table = new TextTable("STREAM", "RECEIVER", "ACTIVE", "STATUS", "LAST ERROR");
        receivers.stream().sorted(Comparator.comparingInt(ReceiverInfo::streamId))
                .forEach(r -> table.row(r.streamId(), r.description(), r.active() ? "yes" : "no",
                        orNone(r.status()), r.lastError().map(TextFormatter::firstLine).orElse(NONE)));
        return "receivers\n" + table.render();
    }

    private static String output(BatchInfo batch) {
        if (batch.processingEndTime() < 0) {
            return batch.processingStartTime() < 0 ? "queued" : "running";
        }
        return batch.failure().map(TextFormatter::failure).orElse("ok");
    }

    private static String failure(OutputOperationInfo op) {
        return "failed: " + op.description() + ": " + op.failure().map(TextFormatter::firstLine).orElse("");
    }

    /** Seconds with millisecond precision, as the spec's delay lines show them; {@code -} if not yet known. */
    static String seconds(Optional<Duration> d) {
        return d.map(x -> String.format(Locale.ROOT, "%.3f s", x.toMillis() / 1000.0)).orElse(NONE);
    }

    private static String arguments(Map<String, String> args) {
        if (args.isEmpty()) {
            return "defaults";
        }
        return new TreeMap<>(args).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }

    private static String orNone(String s) {
        return s == null || s.isBlank() ? NONE : firstLine(s);
    }

    private static String firstLine(String s) {
        String line = s.strip();
        int nl = line.indexOf('\n');
        return nl < 0 ? line : line.substring(0, nl).stripTrailing() + " ...";
    }
}
