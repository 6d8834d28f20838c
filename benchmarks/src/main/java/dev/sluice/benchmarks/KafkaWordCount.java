package dev.sluice.benchmarks;

import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.Pair;
import dev.sluice.api.PairDStream;
import dev.sluice.api.StreamingContext;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.kafka.Kafka;
import dev.sluice.api.kafka.KafkaRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Kafka in, word count, Kafka out on Sluice, measured: a direct stream of the input topic from its
 * first record, each batch capped at {@code rate} records per second (shared evenly by the
 * partitions, with {@code maxRatePerPartition}), its words counted and the counts written to the
 * output topic in one transaction per batch. Prints a {@link ThroughputSummary} over the batches
 * from {@code warmup} to two intervals before {@code run}, as {@link NetworkWordCount} does.
 *
 * <p>Arguments {@code key=value}: {@code brokers}, {@code rate} (records/s), {@code out} (the output
 * topic; it also names the consumer group and the transactional id, so each run reads from the start),
 * {@code topic} (words), {@code partitions} (2), {@code batch} (1s), {@code run} (52s),
 * {@code warmup} (20s), {@code master} (local[2]), {@code csv}.
 */
public final class KafkaWordCount {

    private KafkaWordCount() {
    }

    public static void main(String[] args) throws Exception {
        Config config = Config.parse(Arrays.asList(args));
        String brokers = config.string("brokers");
        String out = config.string("out");
        long rate = Long.parseLong(config.string("rate"));
        int partitions = config.integer("partitions", 2);
        Duration batch = config.duration("batch", Duration.ofSeconds(1));
        Duration run = config.duration("run", Duration.ofSeconds(52));
        Duration warmup = config.duration("warmup", Duration.ofSeconds(20));
        var settings = StreamingSettings.of(config.string("master", "local[2]"), "KafkaWordCount", batch);

        // the broker creates no topic by itself; creating the output topic is set-up, not measured
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", brokers))) {
            admin.createTopics(List.of(new NewTopic(out, partitions, (short) 1))).all().get();
        }
        var recorder = new BatchRecorder(false);
        var meter = new ResourceMeter();
        ThroughputSummary summary;
        try (StreamingContext ssc = StreamingContext.create(settings)) {
            ssc.addStreamingListener(recorder);
            DStream<KafkaRecord<String, String>> records = Kafka.stream(ssc, Config.of(Map.of(
                    Kafka.BOOTSTRAP_SERVERS, brokers, Kafka.TOPICS, config.string("topic", "words"),
                    Kafka.STARTING_OFFSETS, "earliest", Kafka.COMMIT_OFFSETS, "false",
                    Kafka.MAX_RATE_PER_PARTITION, String.valueOf(rate / partitions),
                    Kafka.CLIENT_PREFIX + "group.id", out)));
            PairDStream<String, Integer> counts = records.flatMap(r -> Arrays.asList(r.value().split(" ")))
                    .mapToPair(word -> Pair.of(word, 1))
                    .reduceByKey(Integer::sum);
            Kafka.save(counts, Config.of(Map.of(Kafka.BOOTSTRAP_SERVERS, brokers, Kafka.TOPIC, out,
                    Kafka.TRANSACTIONAL_ID, out)));

            long start = System.currentTimeMillis();
            ssc.start();
            NetworkWordCount.sleepUntil(start + warmup.toMillis());
            ResourceMeter.Reading from = meter.read();
            NetworkWordCount.sleepUntil(start + run.toMillis());
            ResourceMeter.Reading to = meter.read();
            long stop = System.currentTimeMillis();
            List<BatchSample> batches = recorder.completed();
            summary = ThroughputSummary.of(batches, batch.toMillis(), start + warmup.toMillis(),
                    stop - 2 * batch.toMillis(), recorder.submitted(), from, to);
            if (config.has("csv")) {
                NetworkWordCount.writeCsv(Path.of(config.string("csv")), batches);
            }
        }
        System.out.println(summary.line());
        System.exit(0);
    }
}
