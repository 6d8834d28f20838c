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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code records-join}: the input joined with a keyed stage of itself, {@code pairs.join(pairs
 * .mapValues(1).reduceByKey(sum))}, where a pair is a word of a tagged line with the line's tag: each
 * word occurrence with its word's count in the batch, written as {@code word -> tag/count}. A batch
 * read by one container gives every occurrence once, with the count of the word in that batch.
 */
public final class RecordsJoinApplication implements StreamingApplication {

    public static final String NAME = "records-join";

    @Override
    public void define(StreamingContext ssc, Config args) {
        String brokers = required(args, "brokers");
        DStream<KafkaRecord<String, String>> lines = Kafka.stream(ssc, Config.of(Map.of(Kafka.BOOTSTRAP_SERVERS,
                brokers, Kafka.TOPICS, required(args, "in"), Kafka.STARTING_OFFSETS, "earliest")));
        PairDStream<String, String> occurrences = lines.flatMapToPair(r -> {
            String[] words = r.value().split(" ");
            var tagged = new ArrayList<Pair<String, String>>();
            for (int i = 1; i < words.length; i++) {
                tagged.add(Pair.of(words[i], words[0]));
            }
            return tagged;
        });
        PairDStream<String, Long> counts = occurrences.mapValues(tag -> 1L).reduceByKey(Long::sum);
        Kafka.save(occurrences.join(counts).mapValues(both -> both.key() + "/" + both.value()), brokers,
                required(args, "out"));
    }

    private static String required(Config args, String key) {
        return args.get(key).filter(v -> !v.isBlank()).orElseThrow(() -> new ConfigException(NAME + " needs " + key));
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.of("brokers", null, "the Kafka cluster's bootstrap servers"),
                Parameter.of("in", null, "the topic of tagged lines: a tag, then words"),
                Parameter.of("out", null, "the topic of each word occurrence with its tag and its word's count"));
    }
}
