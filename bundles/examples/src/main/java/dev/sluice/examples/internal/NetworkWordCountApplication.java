package dev.sluice.examples.internal;

import java.util.Arrays;
import java.util.List;
import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.DStream;
import dev.sluice.api.Pair;
import dev.sluice.api.PairDStream;
import dev.sluice.api.StreamingContext;
import dev.sluice.api.spi.ApplicationName;
import dev.sluice.api.spi.Parameter;
import dev.sluice.api.spi.StreamingApplication;
import org.osgi.service.component.annotations.Component;

/**
 * The spec's NetworkWordCount: counts the words of the lines a TCP server sends, every batch,
 * and prints the counts. Start it with {@code stream:start network-word-count port=9999}.
 */
@Component(service = StreamingApplication.class)
@ApplicationName(NetworkWordCountApplication.NAME)
public class NetworkWordCountApplication implements StreamingApplication {

    static final String NAME = "network-word-count";
    public static final String HOST = "host";
    public static final String PORT = "port";
    static final String DEFAULT_HOST = "localhost";
    static final int DEFAULT_PORT = 9999;

    @Override
    public void define(StreamingContext ssc, Config args) {
        DStream<String> lines = ssc.socketTextStream(args.string(HOST, DEFAULT_HOST), port(args));

        DStream<String> words = lines.flatMap(l -> Arrays.asList(l.split(" ")));
        PairDStream<String, Integer> wordCounts = words.mapToPair(w -> Pair.of(w, 1)).reduceByKey(Integer::sum);
        wordCounts.print();
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(
                Parameter.of(HOST, DEFAULT_HOST, "the server sending lines of text, e.g. nc -lk 9999"),
                Parameter.of(PORT, String.valueOf(DEFAULT_PORT), "the server's TCP port"));
    }

    @Override
    public String description() {
        return "counts the words of lines read from a TCP server (the spec's NetworkWordCount)";
    }

    private static int port(Config args) {
        int port = args.integer(PORT, DEFAULT_PORT);
        if (port < 1 || port > 65535) {
            throw new ConfigException(PORT + " must be between 1 and 65535, got " + port);
        }
        return port;
    }
}
