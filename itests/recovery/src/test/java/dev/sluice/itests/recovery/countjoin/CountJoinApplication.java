package dev.sluice.itests.recovery.countjoin;

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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code count-join}: two keyed stages over the same words joined, {@code a.reduceByKey(f)
 * .fullOuterJoin(b.reduceByKey(g))}: each word's count in the batch and its letters (count times
 * length), written as {@code word -> count/letters} ({@code -} for a side without the word). A word
 * of a batch read by one container has both sides, and letters equal to count times length.
 */
public final class CountJoinApplication implements StreamingApplication {

    public static final String NAME = "count-join";

    @Override
    public void define(StreamingContext ssc, Config args) {
        String brokers = required(args, "brokers");
        DStream<KafkaRecord<String, String>> lines = Kafka.stream(ssc, Config.of(Map.of(Kafka.BOOTSTRAP_SERVERS,
                brokers, Kafka.TOPICS, required(args, "in"), Kafka.STARTING_OFFSETS, "earliest")));
        DStream<String> words = lines.flatMap(r -> Arrays.asList(r.value().split(" "))).filter(w -> !w.isEmpty());
        PairDStream<String, Long> counts = words.mapToPair(w -> Pair.of(w, 1L)).reduceByKey(Long::sum);
        PairDStream<String, Long> letters = words.mapToPair(w -> Pair.of(w, (long) w.length())).reduceByKey(Long::sum);
        Kafka.save(counts.fullOuterJoin(letters).mapValues(both -> side(both.key()) + "/" + side(both.value())),
                brokers, required(args, "out"));
    }

    private static String side(Optional<Long> value) {
        return value.map(String::valueOf).orElse("-");
    }

    private static String required(Config args, String key) {
        return args.get(key).filter(v -> !v.isBlank()).orElseThrow(() -> new ConfigException(NAME + " needs " + key));
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.of("brokers", null, "the Kafka cluster's bootstrap servers"),
                Parameter.of("in", null, "the topic of lines of words"),
                Parameter.of("out", null, "the topic of each batch's words with their count and letters"));
    }
}
