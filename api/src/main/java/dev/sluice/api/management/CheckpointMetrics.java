package dev.sluice.api.management;

import dev.sluice.api.Time;

/**
 * The latest checkpoint a running stream wrote: the batch it records, how long it took (serializing
 * and writing the state files it refers to, then its metadata) and the bytes written for it.
 */
public record CheckpointMetrics(Time batchTime, long durationMillis, long bytes) {
}
