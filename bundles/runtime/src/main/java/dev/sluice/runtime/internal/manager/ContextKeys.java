package dev.sluice.runtime.internal.manager;

import dev.sluice.runtime.internal.output.OutputPolicy;
import dev.sluice.runtime.internal.input.RateSettings;
import java.util.List;
import dev.sluice.api.spi.Parameter;
import dev.sluice.runtime.internal.checkpoint.Recovery;
import dev.sluice.runtime.internal.context.StreamingContextImpl;

/** The keys every application takes besides its own: they shape its context. */
final class ContextKeys {

    static final String BATCH = "batch";
    static final String PARALLELISM = "parallelism";
    static final String CHECKPOINT = "checkpoint";

    static final List<Parameter> ALL = List.of(
            Parameter.of(BATCH, null, "batch interval, e.g. 1s or 500ms (default: the application's)"),
            Parameter.of(PARALLELISM, String.valueOf(defaultParallelism()), "worker threads, the N of local[N]"),
            Parameter.of(StreamingContextImpl.DEFAULT_PARALLELISM, null,
                    "partitions of reduceByKey and other shuffles (default: parallelism)"),
            Parameter.of(StreamingContextImpl.BLOCK_INTERVAL, "200ms", "how often received data is cut into blocks"),
            Parameter.of(StreamingContextImpl.RECEIVER_MAX_BACKOFF, "5s", "longest wait between receiver restarts"),
            Parameter.of(StreamingContextImpl.BLOCK_MEMORY, null,
                    "memory for serialized blocks before they spill to disk, e.g. 512m (default: 30% of the heap)"),
            Parameter.of(RateSettings.MAX_RATE, null, "most records per second each receiver stores (default: no limit)"),
            Parameter.of(RateSettings.BACKPRESSURE, "false",
                    "adapt receiving rates to what batches manage to process"),
            Parameter.of(RateSettings.INITIAL_RATE, null, "receiving rate before backpressure has measured one"),
            Parameter.of(OutputPolicy.RETRIES, "3", "times a sink's failed write of a batch is retried"),
            Parameter.of(OutputPolicy.RETRY_BACKOFF, "1s", "wait before the first retry; doubles each time"),
            Parameter.of(OutputPolicy.ON_FAILURE, "stop", "stop or skip: what a batch whose sink still fails does"),
            Parameter.of(StreamingContextImpl.WRITE_AHEAD_LOG, "false",
                    "log every receiver's blocks under the checkpoint directory, not only _2 levels"),
            Parameter.of(StreamingContextImpl.WRITE_AHEAD_LOG_ROLL, "10s", "how often a write-ahead log starts a new file"),
            Parameter.of(CHECKPOINT, null, "checkpoint directory (a path, file: or hdfs: URI): the stream's state and"
                    + " progress go there, and its next start recovers from it"),
            Parameter.of(Recovery.MODE, "auto", "with checkpoints there: auto recovers (a changed application is"
                    + " refused), discard-unmatched drops the state of operators that are gone, fresh deletes them"),
            Parameter.of(StreamingContextImpl.GRACEFUL_STOP_TIMEOUT, null,
                    "how long a graceful stop waits for the received batches (default: 10 batches, at least 30s)"),
            Parameter.of(StreamingContextImpl.LOCAL_DIR, null,
                    "directory for spilled and disk-only blocks (default: java.io.tmpdir)"));

    private ContextKeys() {
    }

    static int defaultParallelism() {
        return Runtime.getRuntime().availableProcessors();
    }
}
