package dev.sluice.benchmarks.spark;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
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

    private static final Map<String, KafkaProducer<String, String>> PRODUCERS = new ConcurrentHashMap<>();

    private SparkKafkaWordCount() {
    }

    public static void main(String[] args) throws Exception {
        var a = new JobArguments(args);
        String brokers = a.required("brokers", "127.0.0.1:9092");
        String out = a.required("out", "counts");
        String topic = a.string("topic", "words");
        long rate = Long.parseLong(a.required("rate", "100000"));
        int partitions = (int) a.number("partitions", 2);
        long batchMs = a.number("batchMs", 1000);

        // the broker creates no topic by itself; creating the output topic is set-up, not measured
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", brokers))) {
            admin.createTopics(List.of(new NewTopic(out, partitions, (short) 1))).all().get();
        }
        SparkConf conf = new SparkConf().setMaster(a.string("master", "local[2]")).setAppName("KafkaWordCount")
                .set("spark.ui.enabled", "false")
                .set("spark.streaming.kafka.maxRatePerPartition", String.valueOf(rate / partitions));
        JavaStreamingContext ssc = new JavaStreamingContext(conf, new Duration(batchMs));

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

        System.out.println(SparkBatches.measure(ssc, batchMs, a.number("warmupSec", 20) * 1000,
                a.number("runSec", 52) * 1000, a.string("csv", null)));
        ssc.stop(true, false);
        System.exit(0);
    }

    private static KafkaProducer<String, String> producer(String brokers) {
        var props = new Properties();
        props.put("bootstrap.servers", brokers);
        props.put("linger.ms", "5");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }
}
