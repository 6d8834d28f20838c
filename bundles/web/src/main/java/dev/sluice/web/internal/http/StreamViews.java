package dev.sluice.web.internal.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.sluice.api.Time;
import dev.sluice.api.listener.BatchInfo;
import dev.sluice.api.listener.OutputOperationInfo;
import dev.sluice.api.listener.ReceiverInfo;
import dev.sluice.api.management.BatchDelays;
import dev.sluice.api.management.GroupMember;
import dev.sluice.api.management.GroupView;
import dev.sluice.api.management.InputMetrics;
import dev.sluice.api.management.MemberReport;
import dev.sluice.api.management.StreamEvent;
import dev.sluice.api.management.StreamMetrics;
import dev.sluice.api.management.StreamStatus;
import dev.sluice.api.management.StreamSummary;
import dev.sluice.web.internal.metrics.StreamFigure;

/** What the JSON API says of streams and batches: plain maps and lists, times and delays in milliseconds. */
final class StreamViews {

    private StreamViews() {
    }

    /** A line of the streams list: what it is, its state, and its figures. */
    static Map<String, Object> summary(StreamSummary summary, StreamMetrics metrics) {
        var view = new LinkedHashMap<String, Object>();
        view.put("name", summary.application());
        view.put("description", summary.description());
        view.put("state", metrics.state().name());
        view.put("figures", figures(metrics));
        return view;
    }

    static Map<String, Object> detail(StreamStatus status, StreamMetrics metrics) {
        var view = new LinkedHashMap<String, Object>();
        view.put("name", status.application());
        view.put("state", status.state().name());
        view.put("arguments", status.arguments());
        view.put("waitingFor", status.waitingFor());
        view.put("lastError", status.lastError());
        view.put("receivers", status.receivers().stream().map(StreamViews::receiver).toList());
        view.put("inputs", metrics.inputs().stream().map(i -> input(i, status.receivers())).toList());
        view.put("figures", figures(metrics));
        view.put("events", status.events().stream().map(StreamViews::event).toList());
        view.put("group", status.groupView().map(StreamViews::group));
        return view;
    }

    /** The stream's group as its members report it: each member with its role, partitions and delays in milliseconds. */
    static Map<String, Object> group(GroupView group) {
        var view = new LinkedHashMap<String, Object>();
        view.put("name", group.group());
        view.put("problem", group.problem());
        view.put("members", group.members().stream().map(StreamViews::member).toList());
        return view;
    }

    private static Map<String, Object> member(GroupMember m) {
        var view = new LinkedHashMap<String, Object>();
        view.put("member", m.member());
        view.put("self", m.self());
        view.put("role", m.report().map(r -> r.role().text()));
        view.put("partitions", m.partitions());
        view.put("lastBatch", m.report().flatMap(MemberReport::lastBatch).map(Time::millis));
        Optional<BatchDelays> delays = m.report().flatMap(MemberReport::delays);
        view.put("delays", delays.map(d -> List.of(d.scheduling(), d.processing(), d.total()).stream()
                .map(Duration::toMillis).toList()));
        view.put("maxDelays", delays.map(d -> List.of(d.maxScheduling(), d.maxProcessing(), d.maxTotal()).stream()
                .map(Duration::toMillis).toList()));
        view.put("reportedAgo", m.reportedAgo().map(Duration::toMillis));
        view.put("inGroup", m.inGroup());
        view.put("silent", m.silent());
        return view;
    }

    private static Map<String, Object> event(StreamEvent e) {
        var view = new LinkedHashMap<String, Object>();
        view.put("time", e.time());
        view.put("kind", e.kind().name());
        view.put("message", e.message());
        return view;
    }

    /** An input with its rate and lag, and what its receiver or polled source says of itself. */
    private static Map<String, Object> input(InputMetrics input, List<ReceiverInfo> receivers) {
        var view = new LinkedHashMap<String, Object>();
        view.put("streamId", input.streamId());
        view.put("name", input.name());
        view.put("recordsPerSecond", input.recordsPerSecond());
        view.put("lag", input.lag().isPresent() ? Optional.of(input.lag().getAsLong()) : Optional.empty());
        receivers.stream().filter(r -> r.streamId() == input.streamId()).findFirst().ifPresent(r -> {
            view.put("description", r.description());
            view.put("active", r.active());
            view.put("status", r.status());
            view.put("lastError", r.lastError());
        });
        return view;
    }

    /** The retained completed batches, oldest first. */
    static Map<String, Object> batches(StreamMetrics metrics) {
        var view = new LinkedHashMap<String, Object>();
        view.put("name", metrics.application());
        view.put("batchInterval", metrics.batchInterval().map(Duration::toMillis));
        view.put("batches", metrics.retainedCompletedBatches().stream().map(StreamViews::batch).toList());
        return view;
    }

    private static Map<String, Object> figures(StreamMetrics metrics) {
        var figures = new LinkedHashMap<String, Object>();
        for (StreamFigure f : StreamFigure.values()) {
            figures.put(f.name(), f.of(metrics));
        }
        return figures;
    }

    private static Map<String, Object> receiver(ReceiverInfo r) {
        var view = new LinkedHashMap<String, Object>();
        view.put("streamId", r.streamId());
        view.put("description", r.description());
        view.put("active", r.active());
        view.put("status", r.status());
        view.put("lastError", r.lastError());
        return view;
    }

    static Map<String, Object> batch(BatchInfo b) {
        var view = new LinkedHashMap<String, Object>();
        view.put("batchTime", b.batchTime().millis());
        view.put("jobId", b.jobId());
        view.put("records", b.numRecords());
        view.put("inputRecords", b.inputRecords());
        view.put("submissionTime", b.submissionTime());
        view.put("processingStartTime", b.processingStartTime());
        view.put("processingEndTime", b.processingEndTime());
        view.put("schedulingDelay", b.schedulingDelay().map(Duration::toMillis));
        view.put("processingDelay", b.processingDelay().map(Duration::toMillis));
        view.put("totalDelay", b.totalDelay().map(Duration::toMillis));
        view.put("failure", b.failure().flatMap(OutputOperationInfo::failure));
        view.put("outputOperations", b.outputOperations().stream().map(StreamViews::output).toList());
        return view;
    }

    private static Map<String, Object> output(OutputOperationInfo o) {
        var view = new LinkedHashMap<String, Object>();
        view.put("id", o.id());
        view.put("description", o.description());
        view.put("duration", o.durationMillis());
        view.put("failure", o.failure());
        return view;
    }

}
