package dev.sluice.benchmarks;

import dev.sluice.api.listener.BatchInfo;

/** What the benchmark keeps of one completed batch; delays in milliseconds. */
record BatchSample(long time, long records, long schedulingDelay, long processingDelay, long totalDelay,
                   boolean failed) {

    static BatchSample of(BatchInfo info) {
        return new BatchSample(info.batchTime().millis(), info.numRecords(),
                info.schedulingDelay().orElseThrow().toMillis(), info.processingDelay().orElseThrow().toMillis(),
                info.totalDelay().orElseThrow().toMillis(), info.failure().isPresent());
    }

    static String csvHeader() {
        return "batchTimeMs,records,schedDelayMs,procDelayMs,totalDelayMs,failed";
    }

    String csvRow() {
        return time + "," + records + "," + schedulingDelay + "," + processingDelay + "," + totalDelay + "," + failed;
    }
}
