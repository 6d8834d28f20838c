package dev.sluice.runtime.internal.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.sluice.api.Time;
import dev.sluice.api.listener.BatchInfo;
import dev.sluice.api.listener.OutputOperationInfo;
import dev.sluice.runtime.internal.graph.Job;

/** The jobs of one batch and what happened to them; filled in by the job thread, read after completion. */
final class JobSet {

    final long id;
    final Time time;
    final List<Job> jobs;
    final long records;
    final Map<Integer, Long> inputRecords;
    final long submissionTime;
    volatile long processingStart = -1;
    volatile long processingEnd = -1;
    private final List<OutputOperationInfo> outputs = new ArrayList<>();

    JobSet(long id, Time time, List<Job> jobs, Map<Integer, Long> inputRecords, long submissionTime) {
        this.id = id;
        this.time = time;
        this.jobs = jobs;
        this.inputRecords = Map.copyOf(inputRecords);
        this.records = this.inputRecords.values().stream().mapToLong(Long::longValue).sum();
        this.submissionTime = submissionTime;
    }

    synchronized void record(OutputOperationInfo output) {
        outputs.add(output);
    }

    synchronized BatchInfo info() {
        return new BatchInfo(id, time, records, submissionTime, processingStart, processingEnd, outputs, inputRecords);
    }
}
