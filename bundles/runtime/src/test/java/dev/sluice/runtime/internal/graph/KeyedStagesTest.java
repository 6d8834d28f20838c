package dev.sluice.runtime.internal.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.DStream;
import dev.sluice.api.Pair;
import dev.sluice.api.PairDStream;
import dev.sluice.runtime.testkit.StreamTestKit;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Which keyed stages read which, and which shapes a group can share: one chain from the input to the output. */
class KeyedStagesTest {

    @Test
    void shouldChainACountOfCountsAndItsGlobalCount() {
        assertShape(words -> words.reduceByKey(Long::sum).mapToPair(p -> Pair.of(p.value(), 1L))
                .reduceByKey(Long::sum).count(), stages -> {
                    assertThat(stages.whyNotOneChain()).isEmpty();
                    var names = stages.stages().stream().map(DStreamGraph::shuffleName).toList();
                    assertThat(names).hasSize(3);
                    assertThat(stages.chainedShuffles()).isEqualTo(Map.of(names.get(1), names.get(0), names.get(2),
                            names.get(1)));
                });
    }

    @Test
    void shouldChainAJoinOfTwoStreamsOfOneKeyedStage() {
        assertShape(words -> {
            PairDStream<String, Long> counts = words.reduceByKey(Long::sum);
            return counts.join(counts.mapValues(n -> n * 2)).count();
        }, stages -> assertThat(stages.whyNotOneChain()).isEmpty());
    }

    @Test
    void shouldNotChainAKeyedStageReadingTheInputAndAnotherKeyedStage() {
        assertShape(words -> words.reduceByKey(Long::sum).join(words), stages -> assertThat(stages.whyNotOneChain())
                .hasValueSatisfying(why -> assertThat(why).contains("join").contains("the input")
                        .contains("reduceByKey")));
    }

    @Test
    void shouldNotChainAnOutputReadingTheInputAndAKeyedStage() {
        assertShape(words -> words.reduceByKey(Long::sum).union(words), stages -> assertThat(stages.whyNotOneChain())
                .hasValueSatisfying(why -> assertThat(why).startsWith("its output reads")));
    }

    @Test
    void shouldNotChainAStateReadByAnotherKeyedStage() {
        assertShape(words -> words.<Long>updateStateByKey((ones, total) -> Optional.of(total.orElse(0L) + ones.size()))
                .countByValue(), stages -> assertThat(stages.whyNotOneChain())
                .hasValueSatisfying(why -> assertThat(why).contains("updateStateByKey").contains("keeps state")));
    }

    @Test
    void shouldNotChainAStateReadingAnotherKeyedStage() {
        assertShape(words -> words.reduceByKey(Long::sum).<Long>updateStateByKey((sums, total) ->
                Optional.of(total.orElse(0L) + sums.size())), stages -> assertThat(stages.whyNotOneChain())
                .hasValueSatisfying(why -> assertThat(why).contains("updateStateByKey").contains("reads the keyed stage")
                        .contains("reduceByKey")));
    }

    @Test
    void shouldNotChainAKeyedStageReadTwice() {
        assertShape(words -> {
            PairDStream<String, Long> counts = words.reduceByKey(Long::sum);
            counts.countByValue();
            return counts.reduceByKey(Long::sum);
        }, stages -> assertThat(stages.whyNotOneChain()).hasValueSatisfying(why -> assertThat(why)
                .contains("is read by the keyed stage").contains(" and the keyed stage")));
    }

    @Test
    void shouldChainAJoinOfTwoInputsAsOneStageReadingTheInput() {
        try (var kit = new StreamTestKit(Duration.ofSeconds(1), 2)) {
            PairDStream<String, Long> left = kit.<String>input().stream().mapToPair(w -> Pair.of(w, 1L));
            PairDStream<String, Integer> right = kit.<String>input().stream().map(String::trim)
                    .mapToPair(w -> Pair.of(w, w.length()));
            kit.output(left.fullOuterJoin(right).mapToPair(p -> Pair.of(p.key(), 1L)).reduceByKey(Long::sum));
            var stages = new KeyedStages(kit.context().graph());

            assertThat(stages.whyNotOneChain()).isEmpty();
            assertThat(stages.stages()).hasSize(2);
            assertThat(stages.upstreamOf(stages.stages().get(0))).containsExactly(KeyedStages.Upstream.INPUT);
            assertThat(stages.chainedShuffles()).containsOnlyKeys(DStreamGraph.shuffleName(stages.stages().get(1)));
        }
    }

    @Test
    void shouldNotChainTwoInputsEachReadByAKeyedStageOfItsOwn() {
        try (var kit = new StreamTestKit(Duration.ofSeconds(1), 2)) {
            PairDStream<String, Long> left = kit.<String>input().stream().mapToPair(w -> Pair.of(w, 1L))
                    .reduceByKey(Long::sum);
            PairDStream<String, Long> right = kit.<String>input().stream().mapToPair(w -> Pair.of(w, 1L))
                    .reduceByKey(Long::sum);
            kit.output(left.join(right));

            assertThat(new KeyedStages(kit.context().graph()).whyNotOneChain()).hasValueSatisfying(why ->
                    assertThat(why).contains("join").contains("reads [the keyed stage reduceByKey")
                            .contains(", the keyed stage reduceByKey"));
        }
    }

    private static void assertShape(Function<PairDStream<String, Long>, DStream<?>> app,
                                    java.util.function.Consumer<KeyedStages> check) {
        try (var kit = new StreamTestKit(Duration.ofSeconds(1), 2)) {
            DStream<String> lines = kit.<String>input().stream();
            kit.output(app.apply(lines.mapToPair(w -> Pair.of(w, 1L))));
            check.accept(new KeyedStages(kit.context().graph()));
        }
    }
}
