package dev.sluice.shell.internal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import dev.sluice.api.listener.BatchInfo;

/** What {@code stream:batches} returns: a stream's latest batches, how many were asked for, and its batch interval (for rates). */
record BatchReport(String application, List<BatchInfo> batches, int count, Optional<Duration> batchInterval) {

    BatchReport {
        batches = List.copyOf(batches);
    }
}
