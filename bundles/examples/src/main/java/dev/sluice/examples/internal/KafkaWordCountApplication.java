package dev.sluice.examples.internal;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.DStream;
import dev.sluice.api.Pair;
import dev.sluice.api.PairDStream;
import dev.sluice.api.StreamingContext;
import dev.sluice.api.kafka.Kafka;
import dev.sluice.api.kafka.KafkaRecord;
import dev.sluice.api.spi.ApplicationName;
import dev.sluice.api.spi.Parameter;
import dev.sluice.api.spi.StreamingApplication;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * Counts the words of the records of Kafka topics, every batch, and writes each batch's counts to
 * a topic (word as key, count as value) in one transaction, or prints them. Start it with
 * {@code stream:start kafka-word-count brokers=localhost:9092 topics=lines out=counts}; with a
 * checkpoint directory, every record's words are in the output exactly once across crashes.
 */
@Component(service = StreamingApplication.class)
@ApplicationName(KafkaWordCountApplication.NAME)
public class KafkaWordCountApplication implements StreamingApplication {

    static final String NAME = "kafka-word-count";
    static final String BROKERS = "brokers";
    static final String TOPICS = "topics";
    static final String OUT = "out";
    static final String STARTING_OFFSETS = "startingOffsets";
    static final String MAX_RATE = "maxRatePerPartition";

    @Override
    public void define(StreamingContext ssc, Config args) {
        String brokers = args.string(BROKERS, "localhost:9092");
        String topics = args.get(TOPICS).filter(t -> !t.isBlank()).orElseThrow(() -> new ConfigException(
                NAME + " needs the topics to read, e.g. topics=lines or topics=lines,more-lines"));
        Config source = Config.of(Map.of(Kafka.BOOTSTRAP_SERVERS, brokers, Kafka.TOPICS, topics,
                Kafka.STARTING_OFFSETS, args.string(STARTING_OFFSETS, "latest")));
        var maxRate = args.get(MAX_RATE).filter(r -> !r.isBlank());
        DStream<KafkaRecord<String, String>> records = Kafka.stream(ssc,
                maxRate.isPresent() ? source.with(Kafka.MAX_RATE_PER_PARTITION, maxRate.get()) : source);

        DStream<String> words = records.flatMap(r -> Arrays.asList(String.valueOf(r.value()).split(" ")));
        PairDStream<String, Integer> wordCounts = words.filter(w -> !w.isEmpty())
                .mapToPair(w -> Pair.of(w, 1)).reduceByKey(Integer::sum);
        args.get(OUT).filter(o -> !o.isBlank()).ifPresentOrElse(out -> Kafka.save(wordCounts, brokers, out),
                wordCounts::print);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.of(BROKERS, "localhost:9092", "the Kafka cluster's bootstrap servers"),
                Parameter.of(TOPICS, null, "the topics whose records' words are counted, separated by commas"),
                Parameter.of(OUT, null, "the topic each batch's counts are written to (default: print them)"),
                Parameter.of(STARTING_OFFSETS, "latest", "where a first start reads from: earliest or latest"),
                Parameter.of(MAX_RATE, null, "the most records a batch reads per partition and second (default: all there are)"));
    }

    @Override
    public String description() {
        return "counts the words of Kafka records per batch, into a topic exactly once (the direct Kafka stream)";
    }
}
