package dev.sluice.itests.recovery.histogram;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.DStream;
import dev.sluice.api.Pair;
import dev.sluice.api.StreamingContext;
import dev.sluice.api.kafka.Kafka;
import dev.sluice.api.kafka.KafkaRecord;
import dev.sluice.api.spi.Parameter;
import dev.sluice.api.spi.StreamingApplication;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code counts-of-counts}: three keyed stages in a chain. Each batch's words are counted
 * ({@code reduceByKey}), the words are grouped by how often they occur ({@code reduceByKey} over
 * (count, word)), and the groups are reduced into the batch's one histogram ({@code reduce}), written
 * as one record: {@code n:word word ...|n:word ...}. Since it names every word, the output tells
 * which lines each batch read when each line carries a word of its own.
 */
public final class CountsOfCountsApplication implements StreamingApplication {

    public static final String NAME = "counts-of-counts";

    @Override
    public void define(StreamingContext ssc, Config args) {
        String brokers = required(args, "brokers");
        DStream<KafkaRecord<String, String>> lines = Kafka.stream(ssc, Config.of(Map.of(Kafka.BOOTSTRAP_SERVERS,
                brokers, Kafka.TOPICS, required(args, "in"), Kafka.STARTING_OFFSETS, "earliest")));
        DStream<String> histogram = lines.flatMap(r -> Arrays.asList(r.value().split(" ")))
                .mapToPair(w -> Pair.of(w, 1L)).reduceByKey(Long::sum)
                .mapToPair(counted -> Pair.of(counted.value(), counted.key())).reduceByKey((a, b) -> a + " " + b)
                .map(group -> group.key() + ":" + group.value()).reduce((a, b) -> a + "|" + b);
        Kafka.save(histogram.mapToPair(h -> Pair.of("histogram", h)), brokers, required(args, "out"));
    }

    private static String required(Config args, String key) {
        return args.get(key).filter(v -> !v.isBlank()).orElseThrow(() -> new ConfigException(NAME + " needs " + key));
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.of("brokers", null, "the Kafka cluster's bootstrap servers"),
                Parameter.of("in", null, "the topic of lines of words"),
                Parameter.of("out", null, "the topic each batch's histogram goes to"));
    }
}
