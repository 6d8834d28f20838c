package dev.sluice.runtime.internal.settings;

import dev.sluice.api.Config;
import dev.sluice.api.spi.Parameter;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every key a streaming context reads, declared once. The context, the receivers, the outputs and
 * recovery read their settings through these; the container validates an application's arguments
 * against them, and the shell's help and the README's key table are made from them.
 */
public final class ContextSettings {

    public static final Setting<Duration> BATCH = Setting.duration("batch", null,
            "batch interval, e.g. 1s or 500ms").defaultIs("the application's");
    public static final Setting<Integer> PARALLELISM = Setting.integer("parallelism", null, 1,
            "worker threads, the N of local[N]").defaultIs("the number of cores");
    public static final Setting<Integer> DEFAULT_PARALLELISM = Setting.integer("defaultParallelism", null, 1,
            "partitions of reduceByKey and other shuffles without numTasks").defaultIs("parallelism");
    public static final Setting<Duration> BLOCK_INTERVAL = Setting.duration("blockInterval", Duration.ofMillis(200),
            "how often received data is cut into blocks");
    public static final Setting<Duration> RECEIVER_MAX_BACKOFF = Setting.duration("receiverMaxBackoff",
            Duration.ofSeconds(5), "longest wait between receiver restarts");
    public static final Setting<Long> BLOCK_MEMORY = Setting.size("blockMemory",
            "memory for blocks before serialized ones spill to disk, e.g. 512m").defaultIs("30% of the heap");
    public static final Setting<String> LOCAL_DIR = Setting.path("localDir",
            "directory for spilled and disk-only blocks").defaultIs("java.io.tmpdir");
    public static final Setting<Integer> MAX_RATE = Setting.integer("receiver.maxRate", 0, 0,
            "most records per second each receiver stores; 0: no limit");
    public static final Setting<Boolean> BACKPRESSURE = Setting.bool("backpressure.enabled", false,
            "adapt receiving rates to what batches manage to process");
    public static final Setting<Integer> INITIAL_RATE = Setting.integer("backpressure.initialRate", 0, 0,
            "receiving rate (records/s) before backpressure has measured one; 0: no limit");
    public static final Setting<Integer> MIN_RATE = Setting.integer("backpressure.minRate", 100, 1,
            "lowest rate (records/s) backpressure sets");
    public static final Setting<Integer> OUTPUT_RETRIES = Setting.integer("output.retries", 3, 0,
            "times a sink's failed write of a batch is retried");
    public static final Setting<Duration> OUTPUT_RETRY_BACKOFF = Setting.duration("output.retryBackoff",
            Duration.ofSeconds(1), "wait before the first retry; doubles each time, at most 1m");
    public static final Setting<String> OUTPUT_ON_FAILURE = Setting.choice("output.onFailure",
            List.of("stop", "skip"), "what a batch whose sink still fails does: stop the stream or skip its output");
    public static final Setting<Boolean> WRITE_AHEAD_LOG = Setting.bool("receiver.writeAheadLog", false,
            "log every receiver's blocks under the checkpoint directory, not only _2 levels");
    public static final Setting<Duration> WRITE_AHEAD_LOG_ROLL = Setting.duration(
            "receiver.writeAheadLog.rollInterval", Duration.ofSeconds(10), "how often a write-ahead log starts a new file");
    public static final Setting<String> CHECKPOINT = Setting.path("checkpoint",
            "checkpoint directory (a path, file: or hdfs: URI): state and progress go there, and the next start"
                    + " recovers from it").defaultIs("none");
    public static final Setting<String> RECOVERY = Setting.choice("recovery",
            List.of("auto", "discard-unmatched", "fresh"), "with checkpoints there: auto recovers (a changed"
                    + " application is refused), discard-unmatched drops the state of operators that are gone,"
                    + " fresh deletes the checkpoints");
    public static final Setting<Duration> CHECKPOINT_LEASE_TIMEOUT = Setting.duration("checkpoint.leaseTimeout",
            Duration.ofSeconds(10), "a checkpoint directory has one stream at a time; a stream killed on another"
                    + " host holds it this long (on this host, not at all)");
    public static final Setting<Integer> BATCH_STUCK_AFTER = Setting.integer("batch.stuckAfter", 10, 1,
            "batch intervals a batch may run before it counts as stuck: stream:status then shows its output"
                    + " operation and its threads' stacks");
    public static final Setting<String> BATCH_ON_STUCK = Setting.choice("batch.onStuck", List.of("wait", "fail", "stop"),
            "what a stuck batch does: wait (reported only), fail (its threads are interrupted, the next batch"
                    + " runs) or stop the stream; batches due meanwhile queue either way");
    public static final Setting<Duration> GRACEFUL_STOP_TIMEOUT = Setting.duration("stop.gracefulTimeout", null,
            "how long a graceful stop waits for the received batches").defaultIs("10 batches, at least 30s");

    public static final Setting<String> GROUP = Setting.text("group", "run the stream in a group of containers"
            + " started with this name: every member runs its part of a stream whose inputs divide (Kafka"
            + " partitions); any other runs on one, the others stand by and take over when it stops or dies")
            .defaultIs("none");
    public static final Setting<Boolean> GROUP_SHARE = Setting.bool("group.share", true, "in a group, share a"
            + " stream whose inputs divide among the members; false runs it on one member at a time");
    public static final Setting<String> GROUP_BROKERS = Setting.text("group.brokers", "the Kafka cluster that keeps"
            + " the group, host:port,...").defaultIs("none");
    public static final Setting<Duration> GROUP_SESSION_TIMEOUT = Setting.duration("group.sessionTimeout",
            Duration.ofSeconds(6), "how long a member that stopped answering (killed) keeps the lead; the broker's"
                    + " group.min.session.timeout.ms is the least");
    public static final Setting<String> GROUP_SNAPSHOTS = Setting.path("group.snapshots", "a directory every member"
            + " of the group reads and writes (hdfs: or a shared disk) for snapshots of a shared stream's state per"
            + " key partition: a member taking a partition over reads its snapshot and only the changelog after it")
            .defaultIs("the checkpoint directory's group-state, seen by this member only");

    /** Blocks may take this share of the heap before serialized ones spill to disk. */
    public static final double DEFAULT_BLOCK_MEMORY_SHARE = 0.3;

    public static final List<Setting<?>> ALL = List.of(BATCH, PARALLELISM, DEFAULT_PARALLELISM, BLOCK_INTERVAL,
            RECEIVER_MAX_BACKOFF, BLOCK_MEMORY, LOCAL_DIR, MAX_RATE, BACKPRESSURE, INITIAL_RATE, MIN_RATE,
            OUTPUT_RETRIES, OUTPUT_RETRY_BACKOFF, OUTPUT_ON_FAILURE, WRITE_AHEAD_LOG, WRITE_AHEAD_LOG_ROLL,
            CHECKPOINT, RECOVERY, CHECKPOINT_LEASE_TIMEOUT, BATCH_STUCK_AFTER, BATCH_ON_STUCK, GRACEFUL_STOP_TIMEOUT,
            GROUP, GROUP_SHARE, GROUP_BROKERS, GROUP_SESSION_TIMEOUT, GROUP_SNAPSHOTS);

    private ContextSettings() {
    }

    /** Refuses the first key of {@code config} set to a value it does not accept; keys of others are let be. */
    public static void validate(Config config) {
        ALL.forEach(s -> s.find(config));
    }

    /** The keys as application parameters. */
    public static List<Parameter> parameters() {
        return ALL.stream().map(Setting::parameter).toList();
    }

    /** The README's table of the keys. */
    public static String markdownTable() {
        return "| key | type | default | |\n| --- | --- | --- | --- |\n" + ALL.stream()
                .map(s -> "| `" + s.key() + "` | " + s.type() + " | " + (s.defaultText() == null ? "" : s.defaultText())
                        + " | " + s.description() + " |")
                .collect(Collectors.joining("\n")) + "\n";
    }

    public static int defaultParallelism() {
        return Runtime.getRuntime().availableProcessors();
    }
}
