package dev.sluice.operator.library.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.Pair;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.Time;
import dev.sluice.api.kafka.KafkaRecord;
import dev.sluice.api.spi.OperatorProvider;
import dev.sluice.api.spi.OperatorType;
import dev.sluice.runtime.testkit.StreamTestKit;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Every operator of the library, run on the engine through DStream.via, batch by batch. */
class LibraryOperatorsTest {

    private static final Map<String, OperatorProvider> LIBRARY = new LinkedHashMap<>();

    static {
        for (OperatorProvider p : ServiceLoader.load(OperatorProvider.class)) {
            LIBRARY.put(p.getClass().getAnnotation(OperatorType.class).value(), p);
        }
    }

    /** The outputs of {@code type} with {@code config} for the given batches, one list per batch (1 s each). */
    private static List<List<Object>> run(String type, Config config, List<List<?>> batches) {
        try (var kit = new StreamTestKit(StreamingSettings.of("local[2]", "library", Duration.ofSeconds(1)),
                StreamTestKit.plugins(Map.of(), Map.of(), LIBRARY))) {
            var in = kit.<Object>input();
            var out = kit.output(in.stream().via(type, config));
            kit.start();
            batches.forEach(b -> in.add(new ArrayList<>(b)));
            kit.runBatches(batches.size());
            var result = new ArrayList<List<Object>>();
            for (int k = 1; k <= batches.size(); k++) {
                List<Object> batch = out.at(new Time(k * 1000L));
                result.add(batch == null ? null : batch);
            }
            return result;
        }
    }

    private static List<Object> only(String type, Config config, List<?> batch) {
        return run(type, config, List.of(batch)).get(0);
    }

    @Test
    void theLibraryHasEveryOperatorItDocuments() {
        assertThat(LIBRARY.keySet()).containsExactlyInAnyOrder("split-words", "filter", "lowercase", "trim",
                "csv-column", "json-field", "key-by", "count-by-value", "reduce-by-key", "window", "running-count",
                "running-count-updates", "running-sum", "distinct", "top-k", "kafka-value");
        LIBRARY.values().forEach(p -> assertThat(p.description()).as(p.getClass().getSimpleName()).isNotBlank());
    }

    @Test
    void splitWordsSplitsAsLineSplitDoesOrAtARegex() {
        assertThat(only("split-words", Config.empty(), List.of("to be  or", " not")))
                .containsExactly("to", "be", "", "or", "", "not");
        assertThat(only("split-words", Config.of("dropEmpty", true), List.of("to be  or")))
                .containsExactly("to", "be", "or");
        assertThat(only("split-words", Config.of("regex", "[,;]\\s*"), List.of("a, b;c")))
                .containsExactly("a", "b", "c");
        assertThat(only("split-words", Config.of("separator", "."), List.of("a.b")))
                .as("the separator is text, not a regex").containsExactly("a", "b");
    }

    @Test
    void filterKeepsWhatMatchesOrWithNotWhatDoesNot() {
        var lines = List.of("ERROR disk", "INFO ok", "error net");
        assertThat(only("filter", Config.of("contains", "ERROR"), lines)).containsExactly("ERROR disk");
        assertThat(only("filter", Config.of("regex", "(?i)^error"), lines)).containsExactly("ERROR disk", "error net");
        assertThat(only("filter", Config.of(Map.of("contains", "ERROR", "not", true)), lines))
                .containsExactly("INFO ok", "error net");
        assertThatThrownBy(() -> only("filter", Config.empty(), lines)).isInstanceOf(ConfigException.class)
                .hasMessage("filter takes one of regex or contains, e.g. contains=ERROR");
        assertThatThrownBy(() -> only("filter", Config.of("regex", "(["), lines)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("filter: regex is not a regular expression");
    }

    @Test
    void lowercaseAndTrimMapEachLine() {
        assertThat(only("lowercase", Config.empty(), List.of("Hello WORLD"))).containsExactly("hello world");
        assertThat(only("trim", Config.empty(), List.of("  a b \t"))).containsExactly("a b");
    }

    @Test
    void kafkaValueGivesEachRecordsValueAsTextOrItsKeyAndValue() {
        var records = List.of(record("k1", "to be"), record(null, "or not"), record("k3", null),
                record("k4".getBytes(StandardCharsets.UTF_8), "caf\u00e9".getBytes(StandardCharsets.UTF_8)), "a line");
        assertThat(only("kafka-value", Config.empty(), records))
                .as("tombstones dropped, bytes read as UTF-8, other elements as their text")
                .containsExactly("to be", "or not", "caf\u00e9", "a line");
        assertThat(only("kafka-value", Config.of("withKey", true), records))
                .as("records without a key or a value dropped")
                .containsExactly(Pair.of("k1", "to be"), Pair.of("k4", "caf\u00e9"));
        assertThatThrownBy(() -> only("kafka-value", Config.of("withKey", "perhaps"), records))
                .isInstanceOf(ConfigException.class).hasMessageContaining("withKey");
    }

    private static KafkaRecord<Object, Object> record(Object key, Object value) {
        return new KafkaRecord<>("lines", 0, 0L, 0L, key, value, List.of());
    }

    @Test
    void csvColumnTakesOneColumnAndDropsShortLines() {
        assertThat(only("csv-column", Config.of("column", 1), List.of("a,b,c", "d", "e,,f")))
                .containsExactly("b", "");
        assertThat(only("csv-column", Config.of(Map.of("column", 0, "separator", ";")), List.of("x;y")))
                .containsExactly("x");
        assertThatThrownBy(() -> only("csv-column", Config.empty(), List.of("a"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("csv-column needs column");
    }

    @Test
    void jsonFieldTakesAFieldOfEachObjectLineAndDropsTheRest() {
        var lines = List.of("{\"user\":{\"name\":\"ann\"},\"n\":3}", "{\"user\":{}}", "not json",
                "{\"user\":{\"name\":\"b\\u00e9\"}} ", "{\"user\":{\"name\":[1]}}", "[1,2]");
        assertThat(only("json-field", Config.of("field", "user.name"), lines)).containsExactly("ann", "bé");
        assertThat(only("json-field", Config.of("field", "n"), lines)).containsExactly("3");
    }

    @Test
    void keyByPairsEachLineWithItsKey() {
        assertThat(only("key-by", Config.of("column", 0), List.of("k1,a", "k2,b")))
                .containsExactly(Pair.of("k1", "k1,a"), Pair.of("k2", "k2,b"));
        assertThat(only("key-by", Config.of("field", "id"), List.of("{\"id\":7}", "{}")))
                .containsExactly(Pair.of("7", "{\"id\":7}"));
        assertThat(only("key-by", Config.of("regex", "user=(\\w+)"), List.of("x user=ann y", "none")))
                .containsExactly(Pair.of("ann", "x user=ann y"));
        assertThatThrownBy(() -> only("key-by", Config.empty(), List.of("a"))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("key-by takes one of column");
    }

    @Test
    void countByValueCountsPerBatchOrPerWindow() {
        var batches = List.<List<?>>of(List.of("a", "b", "a"), List.of("a"), List.of());
        var perBatch = run("count-by-value", Config.empty(), batches);
        assertThat(perBatch.get(0)).containsExactlyInAnyOrder(Pair.of("a", 2L), Pair.of("b", 1L));
        assertThat(perBatch.get(1)).containsExactly(Pair.of("a", 1L));
        assertThat(perBatch.get(2)).isEmpty();
        var windowed = run("count-by-value", Config.of("window", "2s"), batches);
        assertThat(windowed.get(1)).containsExactlyInAnyOrder(Pair.of("a", 3L), Pair.of("b", 1L));
        assertThat(windowed.get(2)).containsExactly(Pair.of("a", 1L));
    }

    @Test
    void reduceByKeySumsOrTakesTheMinimumOrMaximumOfNumbers() {
        var batches = List.<List<?>>of(List.of(Pair.of("a", 2), Pair.of("a", "3"), Pair.of("b", 1.5)),
                List.of(Pair.of("a", 10)));
        assertThat(run("reduce-by-key", Config.empty(), batches).get(0))
                .containsExactlyInAnyOrder(Pair.of("a", 5L), Pair.of("b", 1.5));
        assertThat(run("reduce-by-key", Config.of("function", "min"), batches).get(0))
                .containsExactlyInAnyOrder(Pair.of("a", 2L), Pair.of("b", 1.5));
        assertThat(run("reduce-by-key", Config.of(Map.of("function", "max", "window", "2s")), batches).get(1))
                .containsExactlyInAnyOrder(Pair.of("a", 10L), Pair.of("b", 1.5));
        assertThatThrownBy(() -> run("reduce-by-key", Config.of("function", "avg"), batches))
                .isInstanceOf(ConfigException.class)
                .hasMessage("reduce-by-key: function must be sum, min or max, got 'avg'");
    }

    @Test
    void windowGivesTheElementsOfTheWindowOncePerSlide() {
        var out = run("window", Config.of(Map.of("window", "2s", "slide", "2s")),
                List.of(List.of(1), List.of(2), List.of(3), List.of(4)));
        assertThat(out.get(0)).isNull();
        assertThat(out.get(1)).containsExactlyInAnyOrder(1, 2);
        assertThat(out.get(2)).isNull();
        assertThat(out.get(3)).containsExactlyInAnyOrder(3, 4);
        assertThatThrownBy(() -> run("window", Config.empty(), List.of(List.of(1))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("window needs window");
    }

    @Test
    void runningCountAndRunningSumKeepTotalsSinceTheStart() {
        var counts = run("running-count", Config.empty(), List.of(List.of("a", "b", "a"), List.of("a"), List.of()));
        assertThat(counts.get(2)).containsExactlyInAnyOrder(Pair.of("a", 3L), Pair.of("b", 1L));
        var sums = run("running-sum", Config.empty(), List.of(List.of(Pair.of("a", 2), Pair.of("a", 3)),
                List.of(Pair.of("a", "0.5"))));
        assertThat(sums.get(0)).containsExactly(Pair.of("a", 5L));
        assertThat(sums.get(1)).containsExactly(Pair.of("a", 5.5));
    }

    @Test
    void runningCountUpdatesGivesTheBatchsKeysWithTheirCountsSinceTheStart() {
        var updates = run("running-count-updates", Config.empty(),
                List.of(List.of("a", "b", "a"), List.of("a"), List.of(), List.of(Pair.of("b", "x"))));
        assertThat(updates.get(0)).containsExactlyInAnyOrder(Pair.of("a", 1L), Pair.of("b", 1L), Pair.of("a", 2L));
        assertThat(updates.get(1)).containsExactly(Pair.of("a", 3L));
        assertThat(updates.get(2)).isEmpty();
        assertThat(updates.get(3)).as("a pair counts under its key").containsExactly(Pair.of("b", 2L));
    }

    @Test
    void runningCountUpdatesForgetsAKeyQuietForTheTimeout() {
        var updates = run("running-count-updates", Config.of("timeout", "2s"),
                List.of(List.of("a", "b"), List.of("b"), List.of("b"), List.of("b"), List.of("a", "b")));
        assertThat(updates.get(3)).as("a's time-out gives nothing").containsExactly(Pair.of("b", 4L));
        assertThat(updates.get(4)).containsExactlyInAnyOrder(Pair.of("a", 1L), Pair.of("b", 5L));
        assertThatThrownBy(() -> run("running-count-updates", Config.of("timeout", "soon"), List.of(List.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("timeout must be a duration");
    }

    @Test
    void distinctGivesEachElementOncePerBatchOrWindow() {
        var batches = List.<List<?>>of(List.of("a", "a", "b"), List.of("b", "c"));
        assertThat(run("distinct", Config.empty(), batches).get(0)).containsExactlyInAnyOrder("a", "b");
        assertThat(run("distinct", Config.of("window", "2s"), batches).get(1)).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void topKGivesTheLargestValuesFirstAndBreaksTiesByKey() {
        var batch = List.of(Pair.of("a", 1L), Pair.of("b", 5L), Pair.of("c", 3L), Pair.of("d", 5L));
        assertThat(only("top-k", Config.of("k", 3), batch))
                .containsExactly(Pair.of("b", 5L), Pair.of("d", 5L), Pair.of("c", 3L));
        assertThatThrownBy(() -> only("top-k", Config.of("k", 0), batch)).isInstanceOf(ConfigException.class)
                .hasMessage("top-k: k must be at least 1, got 0");
    }
}
