package dev.sluice.runtime.internal.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.InvalidGraphException;
import dev.sluice.api.Pair;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.Time;
import dev.sluice.api.spi.OperatorProvider;
import dev.sluice.runtime.internal.plugin.MissingPluginException;
import dev.sluice.runtime.internal.plugin.PluginRef;
import dev.sluice.runtime.testkit.StreamTestKit;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OperatorPluginTest {

    /** Words of each line; a {@code separator} key. */
    static final OperatorProvider SPLIT = (input, config) -> {
        String separator = config.string("separator", " ");
        return ((DStream<String>) input).flatMap(l -> Arrays.asList(l.split(separator)));
    };

    /** A running count of each element, its state named "totals". */
    @SuppressWarnings("unchecked")
    static final OperatorProvider RUNNING_COUNT = (input, config) -> ((DStream<Object>) input)
            .mapToPair(e -> Pair.of(e, 1L))
            .<Long>updateStateByKey((vs, s) -> Optional.of(s.orElse(0L) + vs.size())).name("totals");

    private static StreamTestKit kit() {
        return new StreamTestKit(StreamingSettings.of("local[2]", "plugged", Duration.ofSeconds(1)),
                StreamTestKit.plugins(Map.of(), Map.of(), Map.of("split", SPLIT, "running-count", RUNNING_COUNT)));
    }

    @Test
    void aStreamGoesThroughTheStagesAnOperatorPluginAdds() {
        try (var kit = kit()) {
            var in = kit.<String>input();
            var counts = kit.output(in.stream().<String>via("split", Config.of("separator", ","))
                    .<Object, Long>viaPairs("running-count", Config.of("name", "counts")));
            kit.start();
            in.add(List.of("a,b", "a"));
            in.add(List.of("b"));
            kit.runBatches(2);
            assertThat(counts.at(new Time(1000))).containsExactlyInAnyOrder(Pair.of("a", 2L), Pair.of("b", 1L));
            assertThat(counts.at(new Time(2000))).containsExactlyInAnyOrder(Pair.of("a", 2L), Pair.of("b", 2L));
        }
    }

    @Test
    void theStreamsAStageAddsAreNamedUnderItSoTheirStateHasAStableName() {
        try (var kit = kit()) {
            var in = kit.<String>input();
            kit.output(in.stream().<String>via("split", Config.empty()).via("split", Config.empty())
                    .via("running-count", Config.of("name", "counts")));
            var names = kit.context().graph().nodes().stream().map(n -> n.name()).toList();
            assertThat(names).contains("split/flatMap", "split-2/flatMap", "counts/mapToPair", "counts/totals");
            assertThat(kit.context().graph().requiredPlugins())
                    .contains(PluginRef.operator("split"), PluginRef.operator("running-count"));
        }
    }

    @Test
    void aMissingOperatorPluginIsRefusedWithTheInstalledOnes() {
        try (var kit = kit()) {
            var in = kit.<String>input();
            assertThatThrownBy(() -> in.stream().via("tokenize", Config.empty()))
                    .isInstanceOf(MissingPluginException.class)
                    .hasMessageStartingWith("no operator plugin 'tokenize' is installed; installed operators:"
                            + " running-count, split");
        }
    }

    @Test
    void twoStagesOfOneNameAreRefused() {
        try (var kit = kit()) {
            var in = kit.<String>input();
            var once = in.stream().via("split", Config.of("name", "words"));
            assertThatThrownBy(() -> once.via("split", Config.of("name", "words")))
                    .isInstanceOf(InvalidGraphException.class)
                    .hasMessageContaining("two operator stages are named 'words'");
        }
    }

    @Test
    void theStageNameIsNotPassedToThePlugin() {
        OperatorProvider strict = (input, config) -> {
            assertThat(config.asMap()).doesNotContainKey("name").containsEntry("k", "v");
            return input;
        };
        try (var kit = new StreamTestKit(StreamingSettings.of("local[1]", "strict", Duration.ofSeconds(1)),
                StreamTestKit.plugins(Map.of(), Map.of(), Map.of("strict", strict)))) {
            var in = kit.<String>input();
            assertThat(in.stream().via("strict", Config.of(Map.of("name", "s", "k", "v")))).isSameAs(in.stream());
        }
    }
}
