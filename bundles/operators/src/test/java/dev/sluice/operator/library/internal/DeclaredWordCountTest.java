package dev.sluice.operator.library.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.Pair;
import dev.sluice.api.PairDStream;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.Time;
import dev.sluice.api.spi.BatchSource;
import dev.sluice.api.spi.BatchSourceContext;
import dev.sluice.api.spi.InputSplit;
import dev.sluice.api.spi.OperatorProvider;
import dev.sluice.api.spi.OperatorType;
import dev.sluice.api.spi.Sink;
import dev.sluice.api.spi.SinkProvider;
import dev.sluice.api.spi.SourceProvider;
import dev.sluice.runtime.internal.declared.DeclaredStream;
import dev.sluice.runtime.internal.declared.StreamDeclaration;
import dev.sluice.runtime.testkit.StreamTestKit;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The shipped examples/network-word-count.cfg, declared with the operator library, prints the same
 * batches, element for element and in the same order, as the Java NetworkWordCount for the same lines.
 */
class DeclaredWordCountTest {

    /** Random lines of words, a list per batch, the same for both streams. */
    private static final List<List<String>> BATCHES = lines(new Random(7), 8);

    private static List<List<String>> lines(Random random, int batches) {
        String[] words = {"to", "be", "or", "not", "", "that", "is", "the", "question"};
        var all = new ArrayList<List<String>>();
        for (int b = 0; b < batches; b++) {
            var batch = new ArrayList<String>();
            for (int l = random.nextInt(6); l > 0; l--) {
                var line = new StringBuilder();
                for (int w = random.nextInt(7); w >= 0; w--) {
                    line.append(words[random.nextInt(words.length)]).append(w > 0 ? " " : "");
                }
                batch.add(line.toString());
            }
            all.add(batch);
        }
        return all;
    }

    /** A source polled per batch giving batch k the k-th list of lines, wherever the config says to listen. */
    private static final SourceProvider SOCKET_STAND_IN = new SourceProvider() {
        @Override
        public boolean pollsPerBatch() {
            return true;
        }

        @Override
        public BatchSource<?> createBatchSource(Config config) {
            return new BatchSource<String>() {
                @Override
                public void start(BatchSourceContext context) {
                }

                @Override
                public List<InputSplit<String>> poll(Time batchTime) {
                    int k = (int) (batchTime.millis() / 1000) - 1;
                    List<String> lines = k < BATCHES.size() ? BATCHES.get(k) : List.of();
                    return List.of(new InputSplit<>() {
                        @Override
                        public void read(Consumer<? super String> out) {
                            lines.forEach(out);
                        }

                        @Override
                        public String description() {
                            return "lines of batch " + k;
                        }
                    });
                }
            };
        }
    };

    /** The batches printed: what print() and the console sink show, element by element in order. */
    private static final class Printed implements SinkProvider {
        final Map<Time, List<Object>> batches = new ConcurrentHashMap<>();

        @Override
        public <T> Sink<T> createSink(Config config) {
            return (batch, time) -> batches.put(time, new ArrayList<>(batch.collect()));
        }
    }

    @Test
    void theDeclaredWordCountPrintsWhatTheJavaOnePrints() throws IOException {
        var library = new HashMap<String, OperatorProvider>();
        ServiceLoader.load(OperatorProvider.class)
                .forEach(p -> library.put(p.getClass().getAnnotation(OperatorType.class).value(), p));
        Path file = Path.of(System.getProperty("user.dir"), "../../distribution/src/main/dist/examples/network-word-count.cfg");
        var properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        var map = new HashMap<String, Object>();
        properties.forEach((k, v) -> map.put((String) k, v));
        var declared = new DeclaredStream(StreamDeclaration.parse(file.toString(), "network-word-count", map),
                file.toString());

        var declaredOut = new Printed();
        var javaOut = new Printed();
        run(library, declaredOut, ssc -> declared.define(ssc, Config.empty()));
        run(library, javaOut, ssc -> {
            // the spec's NetworkWordCount, as bundles/examples has it, given the same lines
            DStream<String> lines = ssc.sourceStream("socket", Config.of("port", 9999));
            DStream<String> words = lines.flatMap(l -> Arrays.asList(l.split(" ")));
            PairDStream<String, Integer> counts = words.mapToPair(w -> Pair.of(w, 1)).reduceByKey(Integer::sum);
            counts.print();
        });
        assertThat(declaredOut.batches).hasSize(BATCHES.size());
        for (int k = 1; k <= BATCHES.size(); k++) {
            Time t = new Time(k * 1000L);
            assertThat(declaredOut.batches.get(t).stream().map(Object::toString).toList())
                    .as("batch %s", t).isEqualTo(javaOut.batches.get(t).stream().map(Object::toString).toList());
        }
        assertThat(declaredOut.batches.values().stream().mapToInt(List::size).sum()).as("words counted").isPositive();
    }

    private static void run(Map<String, OperatorProvider> library, Printed printed,
                            Consumer<dev.sluice.api.StreamingContext> graph) {
        var plugins = StreamTestKit.plugins(Map.of("socket", SOCKET_STAND_IN), Map.of("console", printed), library);
        try (var kit = new StreamTestKit(StreamingSettings.of("local[2]", "wc", Duration.ofSeconds(1)), plugins)) {
            graph.accept(kit.context());
            kit.start();
            kit.runBatches(BATCHES.size());
        }
    }
}
