package dev.sluice.benchmarks;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.DStream;
import dev.sluice.api.Pair;
import dev.sluice.api.PairDStream;
import dev.sluice.api.StateSpec;
import dev.sluice.api.StorageLevel;
import dev.sluice.api.StreamingContext;
import dev.sluice.api.StreamingSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spec's NetworkWordCount on Sluice, measured: lines from a socket, split into words, counted
 * per batch, with a count of the result as the output so every batch is computed in full. Runs for
 * {@code run}, then prints a {@link ThroughputSummary} over the batches from {@code warmup} after the
 * start to two batch intervals before the end (the last ones may still be running).
 *
 * <p>Arguments are {@code key=value}: {@code port} (required), {@code host} (127.0.0.1),
 * {@code batch} (1s), {@code run} (52s), {@code warmup} (20s), {@code master} (local[2]),
 * {@code csv} (a file for every
 * batch's delays) and {@code job}: {@code wordcount} (the default, counts per batch) or
 * {@code window}, the spec's windowed word count: counts over the last 30 s every second with
 * {@code reduceByKeyAndWindow} and its inverse function (measure it from after the first full
 * window, e.g. {@code warmup=45s run=77s}); {@code wal=DIR} keeps received lines at
 * {@code MEMORY_AND_DISK_SER_2}, so every block is synced to a write-ahead log under the checkpoint
 * directory DIR before it counts as received. Any other key is a context setting passed on as it is,
 * e.g. {@code blockInterval=100ms} or {@code backpressure.enabled=true}.
 *
 * <p>Stateful jobs, for checkpointing (feed them from a generator with {@code keys=N} for state of N
 * keys): {@code job=state} keeps a running count per word with {@code updateStateByKey} (every key's
 * state is in every batch, and the output counts the keys), {@code job=mapwithstate} the same with
 * {@code mapWithState} (only the keys of a batch are touched; the output counts the batch's words with
 * their running count). The stateful operator is named {@code counts}. {@code checkpoint=DIR} sets the
 * checkpoint directory (without it the state is never written), {@code checkpointInterval} the state's
 * checkpoint interval (the runtime's default otherwise: a multiple of the batch of at least 10 s).
 * {@code batchLog=true} prints a {@code BATCH} line as each batch completes, for runs that end with a
 * kill; {@code verify=true} (job=state) prints the number of keys and the sum of their counts after
 * every batch ({@code STATE} lines); {@code stop=graceful} ends the run with {@code stop(true)}.
 */
public final class NetworkWordCount {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkWordCount.class);

    private static final Set<String> RUNNER_KEYS =
            Set.of("port", "host", "batch", "run", "warmup", "master", "csv", "job", "wal", "checkpoint",
                    "checkpointInterval", "batchLog", "verify", "stop");

    private NetworkWordCount() {
    }

    public static void main(String[] args) throws Exception {
        Config config = Config.parse(Arrays.asList(args));
        if (!config.has("port")) {
            throw new ConfigException("the runner needs the generator's port, e.g. port=9999");
        }
        Duration batch = config.duration("batch", Duration.ofSeconds(1));
        Duration run = config.duration("run", Duration.ofSeconds(52));
        Duration warmup = config.duration("warmup", Duration.ofSeconds(20));
        var settings = StreamingSettings.of(config.string("master", "local[2]"), "NetworkWordCount", batch);
        for (var setting : config.asMap().entrySet()) {
            if (!RUNNER_KEYS.contains(setting.getKey())) {
                settings = settings.with(setting.getKey(), setting.getValue());
            }
        }

        var recorder = new BatchRecorder(config.bool("batchLog", false));
        var distinctWords = new AtomicLong();
        var meter = new ResourceMeter();
        ThroughputSummary summary;
        try (StreamingContext ssc = StreamingContext.create(settings)) {
            ssc.addStreamingListener(recorder);
            String host = config.string("host", "127.0.0.1");
            int port = config.integer("port", 0);
            DStream<String> lines;
            if (config.has("wal")) {
                ssc.checkpoint(config.string("wal"));
                lines = ssc.socketTextStream(host, port, StorageLevel.MEMORY_AND_DISK_SER_2);
            } else {
                lines = ssc.socketTextStream(host, port);
            }
            if (config.has("checkpoint")) {
                ssc.checkpoint(config.string("checkpoint"));
            }
            PairDStream<String, Integer> pairs = lines
                    .flatMap(line -> Arrays.asList(line.split(" ")))
                    .mapToPair(word -> Pair.of(word, 1));
            String job = config.string("job", "wordcount");
            Optional<Duration> checkpointInterval = config.has("checkpointInterval")
                    ? Optional.of(config.duration("checkpointInterval", Duration.ZERO)) : Optional.empty();
            switch (job) {
                case "wordcount" -> countEachBatch(pairs.reduceByKey(Integer::sum), distinctWords);
                case "window" -> countEachBatch(pairs.reduceByKeyAndWindow(Integer::sum, (a, b) -> a - b,
                        Duration.ofSeconds(30), Duration.ofSeconds(1)), distinctWords);
                case "state" -> {
                    PairDStream<String, Integer> counts = pairs.<Integer>updateStateByKey((values, state) -> {
                        int sum = state.orElse(0);
                        for (int v : values) {
                            sum += v;
                        }
                        return Optional.of(sum);
                    }).name("counts");
                    if (checkpointInterval.isPresent()) {
                        counts = counts.checkpoint(checkpointInterval.get());
                    }
                    if (config.bool("verify", false)) {
                        counts.foreach((state, time) -> {
                            long keys = state.count();
                            long sum = state.map(Pair::value).reduce(Integer::sum).orElse(0);
                            distinctWords.set(keys);
                            System.out.println("STATE time=" + time.millis() + " keys=" + keys + " sum=" + sum);
                        });
                    } else {
                        countEachBatch(counts, distinctWords);
                    }
                }
                case "mapwithstate" -> {
                    DStream<Pair<String, Integer>> counted = pairs.mapWithState(
                            StateSpec.<String, Integer, Integer, Pair<String, Integer>>function((word, one, state) -> {
                                int count = state.getOption().orElse(0) + one.orElse(0);
                                state.update(count);
                                return Pair.of(word, count);
                            })).name("counts");
                    if (checkpointInterval.isPresent()) {
                        counted = counted.checkpoint(checkpointInterval.get());
                    }
                    countEachBatch(counted, distinctWords);
                }
                default -> throw new ConfigException("unknown job=" + job
                        + "; use job=wordcount, window, state or mapwithstate");
            }

            long start = System.currentTimeMillis();
            ssc.start();
            // for restarts: from the JVM's start to a started context (recovery included)
            System.out.println("STARTED jvm_start=" + ManagementFactory.getRuntimeMXBean().getStartTime()
                    + " context_start=" + start + " started=" + System.currentTimeMillis());
            LOG.info("started {}: {} ms batches on {} workers, measuring from {} s to {} s", job, batch.toMillis(),
                    ssc.parallelism(), warmup.toSeconds(), run.toSeconds());
            sleepUntil(start + warmup.toMillis());
            ResourceMeter.Reading from = meter.read();
            sleepUntil(start + run.toMillis());
            ResourceMeter.Reading to = meter.read();
            long stop = System.currentTimeMillis();
            List<BatchSample> batches = recorder.completed();
            summary = ThroughputSummary.of(batches, batch.toMillis(), start + warmup.toMillis(),
                    stop - 2 * batch.toMillis(), recorder.submitted(), from, to);
            LOG.info("the last batch counted {} distinct words", distinctWords.get());
            if (config.has("csv")) {
                writeCsv(Path.of(config.string("csv")), batches);
            }
            if (config.string("stop", "now").equals("graceful")) {
                long stopping = System.currentTimeMillis();
                ssc.stop(true);
                LOG.info("stopped gracefully in {} ms", System.currentTimeMillis() - stopping);
            }
        }
        System.out.println(summary.line());
        // the runtime's threads are daemons, but a receiver still reconnecting must not hold up the script
        System.exit(0);
    }

    /** The output: a count of each batch, which computes it in full. */
    private static <T> void countEachBatch(DStream<T> stream, AtomicLong lastCount) {
        stream.foreach(batch -> lastCount.set(batch.count()));
    }

    static void sleepUntil(long epochMillis) throws InterruptedException {
        long wait = epochMillis - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    static void writeCsv(Path file, List<BatchSample> batches) throws IOException {
        try (var out = new PrintWriter(Files.newBufferedWriter(file))) {
            out.println(BatchSample.csvHeader());
            batches.forEach(b -> out.println(b.csvRow()));
        }
    }
}
