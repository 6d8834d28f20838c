package dev.sluice.itests.recovery.join;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.DStream;
import dev.sluice.api.Pair;
import dev.sluice.api.PairDStream;
import dev.sluice.api.StreamingContext;
import dev.sluice.api.kafka.Kafka;
import dev.sluice.api.kafka.KafkaRecord;
import dev.sluice.api.spi.Parameter;
import dev.sluice.api.spi.StreamingApplication;
import java.util.List;
import java.util.Map;

/**
 * {@code side-by-side}: reads two topics through one Kafka input (or, with {@code inputs=two}, each
 * through an input of its own), keys each side's records by their
 * key, and writes each batch's full outer join of the two sides to a topic: word as key, and as
 * value the left record's value and the right one's joined by {@code +} ({@code -} for a side with
 * no record of that word in the batch). Every record read shows in the output, so the output tells
 * which records each batch read.
 */
public final class SideBySideApplication implements StreamingApplication {

    public static final String NAME = "side-by-side";
    /** What the output puts for a side that had no record of the word in the batch. */
    public static final String NONE = "-";

    @Override
    public void define(StreamingContext ssc, Config args) {
        String brokers = required(args, "brokers");
        String left = required(args, "left");
        String right = required(args, "right");
        PairDStream<String, String> lefts;
        PairDStream<String, String> rights;
        String inputs = args.get("inputs").orElse("one");
        if (inputs.equals("one")) {
            DStream<KafkaRecord<String, String>> records = topics(ssc, brokers, left + "," + right);
            lefts = side(records, left);
            rights = side(records, right);
        } else if (inputs.equals("two")) {
            lefts = topics(ssc, brokers, left).mapToPair(r -> Pair.of(r.key(), r.value()));
            rights = topics(ssc, brokers, right).map(r -> Pair.of(r.key(), r.value())).mapToPair(p -> p);
        } else {
            throw new ConfigException(NAME + " reads its topics through inputs=one or inputs=two, not " + inputs);
        }
        PairDStream<String, String> joined = lefts.fullOuterJoin(rights)
                .mapValues(p -> p.key().orElse(NONE) + "+" + p.value().orElse(NONE));
        Kafka.save(joined, brokers, required(args, "out"));
    }

    private static DStream<KafkaRecord<String, String>> topics(StreamingContext ssc, String brokers, String topics) {
        return Kafka.stream(ssc, Config.of(Map.of(Kafka.BOOTSTRAP_SERVERS, brokers, Kafka.TOPICS, topics,
                Kafka.STARTING_OFFSETS, "earliest")));
    }

    private static PairDStream<String, String> side(DStream<KafkaRecord<String, String>> records, String topic) {
        return records.filter(r -> r.topic().equals(topic)).mapToPair(r -> Pair.of(r.key(), r.value()));
    }

    private static String required(Config args, String key) {
        return args.get(key).filter(v -> !v.isBlank()).orElseThrow(() -> new ConfigException(NAME + " needs " + key));
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.of("brokers", null, "the Kafka cluster's bootstrap servers"),
                Parameter.of("left", null, "the topic of the join's left side"),
                Parameter.of("right", null, "the topic of the join's right side"),
                Parameter.of("out", null, "the topic each batch's joined records go to"),
                Parameter.of("inputs", "one", "one: both topics through one Kafka input; two: each through its own,"
                        + " the right one through a map"));
    }
}
