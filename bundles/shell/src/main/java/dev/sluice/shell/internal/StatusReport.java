package dev.sluice.shell.internal;

import dev.sluice.api.management.StreamStatus;

/** What {@code stream:status} returns: a stream's status and how many of its latest batches to show. */
record StatusReport(StreamStatus status, int batches) {
}
