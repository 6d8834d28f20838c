package dev.sluice.shell.internal;

import java.time.Duration;
import java.util.Optional;
import dev.sluice.api.management.StreamStatus;

/** What {@code stream:status} returns: a stream's status, how many of its latest batches to show, and its batch interval (for the input rate). */
record StatusReport(StreamStatus status, int batches, Optional<Duration> batchInterval) {
}
