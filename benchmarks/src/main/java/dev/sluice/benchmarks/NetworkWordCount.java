package dev.sluice.benchmarks;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.DStream;
import dev.sluice.api.Pair;
import dev.sluice.api.PairDStream;
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
 */
public final class NetworkWordCount {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkWordCount.class);

    private static final Set<String> RUNNER_KEYS =
            Set.of("port", "host", "batch", "run", "warmup", "master", "csv", "job", "wal");

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

        var recorder = new BatchRecorder();
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
            PairDStream<String, Integer> pairs = lines
                    .flatMap(line -> Arrays.asList(line.split(" ")))
                    .mapToPair(word -> Pair.of(word, 1));
            String job = config.string("job", "wordcount");
            PairDStream<String, Integer> counts = switch (job) {
                case "wordcount" -> pairs.reduceByKey(Integer::sum);
                case "window" -> pairs.reduceByKeyAndWindow(Integer::sum, (a, b) -> a - b,
                        Duration.ofSeconds(30), Duration.ofSeconds(1));
                default -> throw new ConfigException("unknown job=" + job + "; use job=wordcount or job=window");
            };
            counts.foreach(batchCounts -> distinctWords.set(batchCounts.count()));

            long start = System.currentTimeMillis();
            ssc.start();
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
        }
        System.out.println(summary.line());
        // the runtime's threads are daemons, but a receiver still reconnecting must not hold up the script
        System.exit(0);
    }

    private static void sleepUntil(long epochMillis) throws InterruptedException {
        long wait = epochMillis - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    private static void writeCsv(Path file, List<BatchSample> batches) throws IOException {
        try (var out = new PrintWriter(Files.newBufferedWriter(file))) {
            out.println(BatchSample.csvHeader());
            batches.forEach(b -> out.println(b.csvRow()));
        }
    }
}
