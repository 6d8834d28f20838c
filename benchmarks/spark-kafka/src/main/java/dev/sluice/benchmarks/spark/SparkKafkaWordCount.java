package dev.sluice.benchmarks.spark;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.SparkConf;
import org.apache.spark.streaming.Duration;
import org.apache.spark.streaming.api.java.JavaInputDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.kafka010.ConsumerStrategies;
import org.apache.spark.streaming.kafka010.KafkaUtils;
import org.apache.spark.streaming.kafka010.LocationStrategies;
import org.apache.spark.streaming.scheduler.BatchInfo;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchSubmitted;
import scala.Tuple2;

/**
 * The Kafka benchmark's Spark side: Spark Streaming's Kafka direct stream ({@code createDirectStream})
 * of the input topic from its first record, each batch capped by
 * {@code spark.streaming.kafka.maxRatePerPartition} at {@code rate} records/s shared by the partitions,
 * its words counted, and each batch's counts written to the output topic by one producer per JVM
 * (Spark has no Kafka output of its own; no transactions). Prints the same SUMMARY line as Sluice's
 * runner, over the batches from {@code warmup} to two intervals before {@code run}.
 *
 * <p>Arguments {@code key=value}: {@code brokers}, {@code rate}, {@code out}, {@code topic} (words),
 * {@code partitions} (2), {@code batchMs} (1000), {@code runSec} (52), {@code warmupSec} (20),
 * {@code master} (local[2]), {@code csv}.
 */
public final class SparkKafkaWordCount {

    record Batch(long time, long records, long sched, long proc, long total, boolean failed) {
    }

    private static final Map<String, KafkaProducer<String, String>> PRODUCERS = new ConcurrentHashMap<>();

    private SparkKafkaWordCount() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("arguments are key=value, got '" + arg + "'");
            }
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        String brokers = a.get("brokers");
        String out = a.get("out");
        String topic = a.getOrDefault("topic", "words");
        long rate = Long.parseLong(a.get("rate"));
        int partitions = Integer.parseInt(a.getOrDefault("partitions", "2"));
        long batchMs = Long.parseLong(a.getOrDefault("batchMs", "1000"));
        long runMs = Long.parseLong(a.getOrDefault("runSec", "52")) * 1000;
        long warmMs = Long.parseLong(a.getOrDefault("warmupSec", "20")) * 1000;

        // the broker creates no topic by itself; creating the output topic is set-up, not measured
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", brokers))) {
            admin.createTopics(List.of(new NewTopic(out, partitions, (short) 1))).all().get();
        }
        SparkConf conf = new SparkConf().setMaster(a.getOrDefault("master", "local[2]")).setAppName("KafkaWordCount")
                .set("spark.ui.enabled", "false")
                .set("spark.streaming.kafka.maxRatePerPartition", String.valueOf(rate / partitions));
        JavaStreamingContext ssc = new JavaStreamingContext(conf, new Duration(batchMs));
        var done = new ConcurrentLinkedQueue<Batch>();
        var submitted = new AtomicLong();
        ssc.addStreamingListener(new StreamingListener() {
            @Override
            public void onBatchSubmitted(StreamingListenerBatchSubmitted e) {
                submitted.incrementAndGet();
            }

            @Override
            public void onBatchCompleted(StreamingListenerBatchCompleted e) {
                BatchInfo b = e.batchInfo();
                boolean failed = b.outputOperationInfos().values().exists(o -> o.failureReason().isDefined());
                done.add(new Batch(b.batchTime().milliseconds(), b.numRecords(), (Long) b.schedulingDelay().get(),
                        (Long) b.processingDelay().get(), (Long) b.totalDelay().get(), failed));
            }
        });

        Map<String, Object> kafka = new HashMap<>();
        kafka.put("bootstrap.servers", brokers);
        kafka.put("key.deserializer", StringDeserializer.class);
        kafka.put("value.deserializer", StringDeserializer.class);
        kafka.put("group.id", out);
        kafka.put("auto.offset.reset", "earliest");
        kafka.put("enable.auto.commit", false);
        kafka.put("isolation.level", "read_committed");
        JavaInputDStream<ConsumerRecord<String, String>> records = KafkaUtils.createDirectStream(ssc,
                LocationStrategies.PreferConsistent(), ConsumerStrategies.Subscribe(List.of(topic), kafka));
        records.flatMap(r -> Arrays.asList(r.value().split(" ")).iterator())
                .mapToPair(w -> new Tuple2<>(w, 1))
                .reduceByKey(Integer::sum)
                .foreachRDD(rdd -> rdd.foreachPartition(counts -> {
                    KafkaProducer<String, String> producer = PRODUCERS.computeIfAbsent(brokers,
                            SparkKafkaWordCount::producer);
                    while (counts.hasNext()) {
                        Tuple2<String, Integer> c = counts.next();
                        producer.send(new ProducerRecord<>(out, c._1(), String.valueOf(c._2())));
                    }
                    producer.flush();
                }));

        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long start = System.currentTimeMillis();
        ssc.start();
        Thread.sleep(Math.max(0, start + warmMs - System.currentTimeMillis()));
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        Thread.sleep(Math.max(0, start + runMs - System.currentTimeMillis()));
        double cores = (os.getProcessCpuTime() - cpu0) / (double) (System.nanoTime() - wall0);
        long stop = System.currentTimeMillis();
        List<Batch> all = new ArrayList<>(done);
        all.sort(Comparator.comparingLong(Batch::time));
        if (a.containsKey("csv")) {
            try (var csv = new PrintWriter(Files.newBufferedWriter(Path.of(a.get("csv"))))) {
                csv.println("batchTimeMs,records,schedDelayMs,procDelayMs,totalDelayMs,failed");
                all.forEach(b -> csv.printf(Locale.ROOT, "%d,%d,%d,%d,%d,%s%n", b.time, b.records, b.sched, b.proc,
                        b.total, b.failed));
            }
        }
        System.out.println(summary(all, batchMs, start + warmMs, stop - 2 * batchMs, submitted.get(), cores));
        ssc.stop(true, false);
        System.exit(0);
    }

    /** The verdict as Sluice's ThroughputSummary gives it: every batch due in the window done, none failed, each under the interval. */
    static String summary(List<Batch> all, long batchMs, long from, long to, long submitted, double cores) {
        List<Batch> window = all.stream().filter(b -> b.time >= from && b.time <= to).toList();
        long firstDue = Math.floorDiv(from + batchMs - 1, batchMs) * batchMs;
        long lastDue = Math.floorDiv(to, batchMs) * batchMs;
        int expected = lastDue < firstDue ? 0 : (int) ((lastDue - firstDue) / batchMs + 1);
        long records = window.stream().mapToLong(Batch::records).sum();
        long failed = window.stream().filter(Batch::failed).count();
        long[] proc = window.stream().mapToLong(Batch::proc).sorted().toArray();
        long[] total = window.stream().mapToLong(Batch::total).sorted().toArray();
        long maxSched = window.stream().mapToLong(Batch::sched).max().orElse(-1);
        boolean stable = expected > 0 && window.size() >= expected && failed == 0 && pct(total, 1) < batchMs;
        double perSecond = window.isEmpty() ? 0 : records * 1000.0 / (window.size() * batchMs);
        return String.format(Locale.ROOT, "SUMMARY batchMs=%d batches=%d/%d recv_rec_per_s=%.0f proc_p50=%d proc_p95=%d"
                        + " proc_max=%d total_p50=%d total_p95=%d total_p99=%d total_max=%d sched_max=%d failed=%d"
                        + " submitted=%d completed=%d cpu_cores=%.2f stable=%s",
                batchMs, window.size(), expected, perSecond, pct(proc, .5), pct(proc, .95), pct(proc, 1),
                pct(total, .5), pct(total, .95), pct(total, .99), pct(total, 1), maxSched, failed, submitted,
                all.size(), cores, stable);
    }

    static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    private static KafkaProducer<String, String> producer(String brokers) {
        var props = new Properties();
        props.put("bootstrap.servers", brokers);
        props.put("linger.ms", "5");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }
}
