package dev.sluice.api.management;

import dev.sluice.api.Time;
import java.time.Duration;
import java.util.Optional;

/**
 * One stream of a graph in its latest measured batch: the records its dataset held, and the
 * workers' time in the pipelines ending at it (narrow streams before it are fused into one pass, so
 * their time is counted here). Empty {@code time}: it ran fused into the streams that read it.
 * Counting costs a little per record, so the runtime measures the batches that follow a request
 * for the graph ({@link StreamManager#graph}), not those of a stream nobody looks at.
 */
public record StageMetrics(Time batchTime, long records, Optional<Duration> time) {
}
