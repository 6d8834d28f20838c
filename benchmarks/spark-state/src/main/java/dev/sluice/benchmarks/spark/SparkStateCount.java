package dev.sluice.benchmarks.spark;

import java.util.Arrays;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.Optional;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.streaming.Duration;
import org.apache.spark.streaming.State;
import org.apache.spark.streaming.StateSpec;
import org.apache.spark.streaming.api.java.JavaPairDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import scala.Tuple2;

/**
 * The state rows' Spark side: the running count per word of Sluice's {@code job=state} and
 * {@code job=mapwithstate} on Spark Streaming, over the same records (Sluice's load generator with
 * {@code keys=N}). Lines from a socket at {@code MEMORY_AND_DISK_SER} (Spark's and Sluice's default for
 * received data), split into words, paired with 1, then either
 * <ul>
 *   <li>{@code job=state}: {@code updateStateByKey}, every key's count in every batch, the output
 *       counting the keys; or</li>
 *   <li>{@code job=mapwithstate}: {@code mapWithState}, only the batch's words touched, each mapped
 *       to its running count, the output counting them.</li>
 * </ul>
 * Spark requires a checkpoint directory for both; its state is checkpointed at Spark's default
 * intervals. Prints the SUMMARY line of Sluice's runner ({@link SparkBatches}).
 *
 * <p>Arguments {@code key=value}: {@code port} and {@code checkpoint} (required), {@code host}
 * (127.0.0.1), {@code job} (state), {@code batchMs} (1000), {@code runSec} (82), {@code warmupSec}
 * (40), {@code master} (local[2]), {@code csv}.
 */
public final class SparkStateCount {

    private SparkStateCount() {
    }

    public static void main(String[] args) throws Exception {
        var a = new JobArguments(args);
        int port = Integer.parseInt(a.required("port", "9999"));
        String checkpoint = a.required("checkpoint", "/tmp/spark-state-checkpoint");
        String job = a.string("job", "state");
        long batchMs = a.number("batchMs", 1000);
        SparkConf conf = new SparkConf().setMaster(a.string("master", "local[2]")).setAppName("StateCount")
                .set("spark.ui.enabled", "false");
        JavaStreamingContext ssc = new JavaStreamingContext(conf, new Duration(batchMs));
        ssc.checkpoint(checkpoint);

        JavaPairDStream<String, Integer> pairs = ssc
                .socketTextStream(a.string("host", "127.0.0.1"), port, StorageLevel.MEMORY_AND_DISK_SER())
                .flatMap(line -> Arrays.asList(line.split(" ")).iterator())
                .mapToPair(word -> new Tuple2<>(word, 1));
        switch (job) {
            case "state" -> pairs.<Integer>updateStateByKey((values, state) -> {
                int sum = state.orElse(0);
                for (int v : values) {
                    sum += v;
                }
                return Optional.of(sum);
            }).foreachRDD(rdd -> {
                rdd.count();
            });
            case "mapwithstate" -> pairs.mapWithState(StateSpec.function(
                    (String word, Optional<Integer> one, State<Integer> state) -> {
                        int count = (state.exists() ? state.get() : 0) + one.orElse(0);
                        state.update(count);
                        return new Tuple2<>(word, count);
                    })).foreachRDD(rdd -> {
                        rdd.count();
                    });
            default -> throw new IllegalArgumentException("unknown job=" + job + "; use job=state or mapwithstate");
        }

        System.out.println(SparkBatches.measure(ssc, batchMs, a.number("warmupSec", 40) * 1000,
                a.number("runSec", 82) * 1000, a.string("csv", null)));
        ssc.stop(true, false);
        System.exit(0);
    }
}
