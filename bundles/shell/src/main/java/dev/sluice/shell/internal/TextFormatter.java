package dev.sluice.shell.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import dev.sluice.api.listener.ReceiverInfo;
import dev.sluice.api.management.CheckpointStatus;
import dev.sluice.api.management.PluginDescription;
import dev.sluice.api.management.StreamEvent;
import dev.sluice.api.management.StreamStatus;
import dev.sluice.api.management.StreamSummary;
import dev.sluice.api.management.StuckBatch;

/** The plain-text form of everything the {@code stream:} commands return. */
final class TextFormatter {

    private static final String NONE = "-";
    /** Batches the input rate of {@code stream:status} is averaged over. */
    static final int RATE_WINDOW = 10;

    /** Events {@code stream:status} shows. */
    static final int EVENTS = 5;
    private static final DateTimeFormatter EVENT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final BatchTable batchTable;
    private final GroupTable groupTable;
    private final ZoneId zone;

    TextFormatter() {
        this(ZoneId.systemDefault());
    }

    TextFormatter(ZoneId zone) {
        this.batchTable = new BatchTable(zone);
        this.groupTable = new GroupTable(zone);
        this.zone = zone;
    }

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

    /** An application's description, its keys and the common ones, and a command to start it. */
    String info(ApplicationHelp help) {
        var text = new StringBuilder(help.application());
        if (!help.description().isBlank()) {
            text.append(": ").append(help.description().strip());
        }
        text.append("\nbatch interval: ").append(BatchInterval.text(help.defaultBatch())).append(" unless batch= says otherwise");
        text.append("\n\n").append(help.keys().isEmpty() ? "keys of its own: none" : "its keys\n" + keys(help.keys()));
        text.append("\n\nkeys every application takes\n").append(keys(help.contextKeys()));
        text.append("\n\nexample\n  ").append(help.example());
        return text.toString();
    }

    private static String keys(List<KeyHelp> keys) {
        var table = new TextTable("KEY", "TYPE", "DEFAULT", "DESCRIPTION");
        keys.forEach(k -> table.row(k.key(), k.type(), orNone(k.defaultValue()), orNone(k.description())));
        return table.render();
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

    /** The whole status, with the latest {@code batches} batches, the input rate and the batches not yet done. */
    String status(StreamStatus status, int batches, Optional<Duration> interval) {
        var summary = new TextTable()
                .row("application", status.application())
                .row("state", status.state())
                .row("arguments", arguments(status.arguments()))
                .row("waiting for", status.waitingFor().isEmpty() ? NONE : String.join(", ", status.waitingFor()))
                .row("batches", status.batchesCompleted() + " completed, " + status.batchesFailed() + " failed")
                .row("input rate", BatchTable.inputRate(status.recentBatches(), RATE_WINDOW, interval)
                        .map(r -> String.format(Locale.ROOT, "%.1f records/s", r)).orElse(NONE))
                .row("pending", pending(status))
                .row("stuck", status.stuck().map(TextFormatter::stuck).orElse(NONE))
                .row("last error", status.lastError().map(TextFormatter::firstLine).orElse(NONE));
        if (!status.group().isEmpty()) {
            summary.row("group", "runs on " + status.group().get(0) + (status.group().size() == 1 ? ""
                    : "; standing by: " + String.join(", ", status.group().subList(1, status.group().size()))));
        }
        return summary.render() + status.groupView().map(g -> "\n\n" + groupTable.render(g)).orElse("")
                + "\n\n" + batchTable.render(status.recentBatches(), batches, interval)
                + "\n\n" + receivers(status.receivers()) + versions(status) + events(status.events())
                + status.stuck().map(s -> "\n\nthreads of stuck batch " + s.batch() + "\n"
                        + String.join("\n", s.threads())).orElse("");
    }

    private static String stuck(StuckBatch s) {
        return String.format(Locale.ROOT, "batch %s in %s for %.1f s, %d queued behind it (%s)", s.batch(), s.stage(),
                s.runningFor().toMillis() / 1000.0, s.queuedBatches(), s.policy());
    }

    /** What serves each part of the stream, and its live upgrades. */
    private static String versions(StreamStatus status) {
        if (status.plugins().isEmpty()) {
            return "";
        }
        var table = new TextTable("PART", "SERVED BY");
        status.plugins().forEach(table::row);
        String upgrades = status.upgrades().isEmpty() ? "no upgrades"
                : "upgrades\n  " + String.join("\n  ", status.upgrades());
        return "\n\nplugins\n" + table.render() + "\n\n" + upgrades;
    }

    /** Batches generated but not completed: queued or running, or held while a sink plugin is missing. */
    private static String pending(StreamStatus status) {
        long pending = status.recentBatches().stream().filter(b -> b.processingEndTime() < 0).count();
        if (pending == 0) {
            return "none";
        }
        String batches = pending == 1 ? "1 batch" : pending + " batches";
        return status.waitingFor().isEmpty() ? batches
                : batches + " held until " + String.join(", ", status.waitingFor()) + " returns";
    }

    /** The latest batches of a stream, for {@code stream:batches}. */
    String batches(BatchReport report) {
        return report.application() + "\n" + batchTable.render(report.batches(), report.count(), report.batchInterval());
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

    /** The latest few events, newest last; the web view has them all as a timeline. */
    private String events(List<StreamEvent> events) {
        if (events.isEmpty()) {
            return "";
        }
        var table = new TextTable("TIME", "EVENT", "WHAT HAPPENED");
        events.stream().skip(Math.max(0, events.size() - EVENTS)).forEach(e -> table.row(
                EVENT_TIME.format(Instant.ofEpochMilli(e.time()).atZone(zone)), e.kind(), firstLine(e.message())));
        return "\n\nlatest events\n" + table.render();
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

    static String firstLine(String s) {
        String line = s.strip();
        int nl = line.indexOf('\n');
        return nl < 0 ? line : line.substring(0, nl).stripTrailing() + " ...";
    }
}
