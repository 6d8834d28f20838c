package dev.sluice.runtime.internal.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.DStream;
import dev.sluice.api.Pair;
import dev.sluice.api.PairDStream;
import dev.sluice.runtime.testkit.StreamTestKit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Which keyed stages read which, and which shapes a group can share: the readers of each upstream
 * (the input, or keyed stages) read the same upstreams and hand each batch over together.
 */
class KeyedStagesTest {

    private static final Duration TWO_SECONDS = Duration.ofSeconds(2);

    @Test
    void shouldChainACountOfCountsAndItsGlobalCount() {
        assertShape(words -> words.reduceByKey(Long::sum).mapToPair(p -> Pair.of(p.value(), 1L))
                .reduceByKey(Long::sum).count(), stages -> {
                    assertThat(stages.whyNotShared(false)).isEmpty();
                    var names = names(stages);
                    assertThat(names).hasSize(3);
                    assertThat(stages.chainedShuffles()).isEqualTo(Map.of(names.get(1), List.of(names.get(0)),
                            names.get(2), List.of(names.get(1))));
                });
    }

    @Test
    void shouldChainAJoinOfTwoStreamsOfOneKeyedStage() {
        assertShape(words -> {
            PairDStream<String, Long> counts = words.reduceByKey(Long::sum);
            return counts.join(counts.mapValues(n -> n * 2)).count();
        }, stages -> assertThat(stages.whyNotShared(false)).isEmpty());
    }

    @Test
    void shouldShareAJoinOfTwoKeyedStagesReadingTheInputWhenTheyHandOverTogether() {
        assertShape(words -> words.reduceByKey(Long::sum).join(words.map(Pair::key).countByValue()), stages -> {
            var names = names(stages);
            assertThat(stages.whyNotShared(true)).isEmpty();
            assertThat(stages.upstreamOf(stages.stages().get(1))).containsExactly(KeyedStages.Upstream.INPUT);
            assertThat(stages.chainedShuffles()).isEqualTo(Map.of(names.get(2), List.of(names.get(0), names.get(1))));
            assertThat(stages.whyNotShared(false)).hasValueSatisfying(why -> assertThat(why)
                    .startsWith("the input is read by the keyed stage reduceByKey")
                    .contains("hands over one keyed stage's part of a batch at a time"));
        });
    }

    @Test
    void shouldNotShareAKeyedStageReadingTheInputAndAnotherKeyedStage() {
        assertShape(words -> words.reduceByKey(Long::sum).join(words), stages -> assertThat(stages.whyNotShared(true))
                .hasValueSatisfying(why -> assertThat(why).contains("join").contains("the input")
                        .contains("reduceByKey").contains("not both")));
    }

    @Test
    void shouldNotShareAnOutputReadingWhatAKeyedStageReads() {
        assertShape(words -> words.reduceByKey(Long::sum).union(words), stages -> assertThat(stages.whyNotShared(true))
                .hasValueSatisfying(why -> assertThat(why).startsWith("the input is read by the keyed stage")
                        .contains("and the output").contains("transaction of its own")));
    }

    @Test
    void shouldChainAStateBeforeAnotherKeyedStage() {
        assertShape(words -> words.<Long>updateStateByKey((ones, total) -> Optional.of(total.orElse(0L) + ones.size()))
                .countByValue(), stages -> {
                    assertThat(stages.whyNotShared(false)).isEmpty();
                    var names = names(stages);
                    assertThat(stages.chainedShuffles()).isEqualTo(Map.of(names.get(1), List.of(names.get(0))));
                });
    }

    @Test
    void shouldChainAKeyedWindowBeforeAnotherKeyedStage() {
        assertShape(words -> words.reduceByKeyAndWindow(Long::sum, TWO_SECONDS, TWO_SECONDS).countByValue(),
                stages -> {
                    assertThat(stages.whyNotShared(false)).isEmpty();
                    var names = names(stages);
                    assertThat(stages.chainedShuffles()).isEqualTo(Map.of(names.get(1), List.of(names.get(0))));
                });
    }

    @Test
    void shouldChainAStateAfterAnotherKeyedStage() {
        assertShape(words -> words.reduceByKey(Long::sum).<Long>updateStateByKey((sums, total) ->
                Optional.of(total.orElse(0L) + sums.stream().mapToLong(Long::longValue).sum())), stages -> {
                    assertThat(stages.whyNotShared(false)).isEmpty();
                    var names = names(stages);
                    assertThat(stages.chainedShuffles()).isEqualTo(Map.of(names.get(1), List.of(names.get(0))));
                });
    }

    @Test
    void shouldChainAKeyedWindowAfterAnotherKeyedStageAndJoinItWithOne() {
        assertShape(words -> words.reduceByKey(Long::sum).reduceByKeyAndWindow(Long::sum, TWO_SECONDS, TWO_SECONDS),
                stages -> {
                    assertThat(stages.whyNotShared(false)).isEmpty();
                    var names = names(stages);
                    assertThat(stages.chainedShuffles()).isEqualTo(Map.of(names.get(1), List.of(names.get(0))));
                });
        Duration oneSecond = Duration.ofSeconds(1);
        assertShape(words -> words.reduceByKeyAndWindow(Long::sum, TWO_SECONDS, oneSecond)
                .join(words.map(Pair::key).countByValue()), stages -> {
                    assertThat(stages.whyNotShared(true)).isEmpty();
                    var names = names(stages);
                    assertThat(stages.chainedShuffles()).isEqualTo(Map.of(names.get(2), List.of(names.get(0),
                            names.get(1))));
                });
    }

    @Test
    void shouldShareAKeyedStageReadTwiceWhenItsReadersHandOverTogether() {
        assertShape(words -> {
            PairDStream<String, Long> counts = words.reduceByKey(Long::sum);
            counts.countByValue();
            return counts.reduceByKey(Long::sum);
        }, stages -> {
            assertThat(stages.whyNotShared(true)).isEmpty();
            assertThat(stages.whyNotShared(false)).hasValueSatisfying(why -> assertThat(why)
                    .contains("is read by the keyed stage").contains(" and the keyed stage"));
        });
    }

    @Test
    void shouldNotShareReadersOfOneStageThatReadDifferentUpstreams() {
        assertShape(words -> {
            PairDStream<String, Long> counts = words.reduceByKey(Long::sum);
            PairDStream<String, Long> lengths = words.map(Pair::key).countByValue();
            return counts.join(lengths).mapValues(p -> p.key()).union(counts.reduceByKey(Long::sum));
        }, stages -> assertThat(stages.whyNotShared(true)).hasValueSatisfying(why -> assertThat(why)
                .containsPattern("is read by the keyed stage join-\\d+, which reads \\[the keyed stage reduceByKey-\\d+,"
                        + " the keyed stage countByValue-\\d+\\], and by the keyed stage reduceByKey-\\d+, which reads"
                        + " \\[the keyed stage reduceByKey-\\d+\\]").contains("read the same ones")));
    }

    @Test
    void shouldNotShareReadersOfTheInputThatSlideDifferently() {
        assertShape(words -> words.reduceByKey(Long::sum).window(TWO_SECONDS, TWO_SECONDS)
                .join(words.reduceByKeyAndWindow(Long::sum, TWO_SECONDS, TWO_SECONDS)), stages ->
                assertThat(stages.whyNotShared(true)).hasValueSatisfying(why -> assertThat(why)
                        .contains("every 1000 ms").contains("every 2000 ms")));
    }

    @Test
    void shouldChainAJoinOfTwoInputsAsOneStageReadingTheInput() {
        try (var kit = new StreamTestKit(Duration.ofSeconds(1), 2)) {
            PairDStream<String, Long> left = kit.<String>input().stream().mapToPair(w -> Pair.of(w, 1L));
            PairDStream<String, Integer> right = kit.<String>input().stream().map(String::trim)
                    .mapToPair(w -> Pair.of(w, w.length()));
            kit.output(left.fullOuterJoin(right).mapToPair(p -> Pair.of(p.key(), 1L)).reduceByKey(Long::sum));
            var stages = new KeyedStages(kit.context().graph());

            assertThat(stages.whyNotShared(false)).isEmpty();
            assertThat(stages.stages()).hasSize(2);
            assertThat(stages.upstreamOf(stages.stages().get(0))).containsExactly(KeyedStages.Upstream.INPUT);
            assertThat(stages.chainedShuffles()).containsOnlyKeys(DStreamGraph.shuffleName(stages.stages().get(1)));
        }
    }

    @Test
    void shouldShareTwoInputsEachReadByAKeyedStageOfItsOwnAndJoined() {
        try (var kit = new StreamTestKit(Duration.ofSeconds(1), 2)) {
            PairDStream<String, Long> left = kit.<String>input().stream().mapToPair(w -> Pair.of(w, 1L))
                    .reduceByKey(Long::sum);
            PairDStream<String, Long> right = kit.<String>input().stream().mapToPair(w -> Pair.of(w, 1L))
                    .reduceByKey(Long::sum);
            kit.output(left.join(right));
            var stages = new KeyedStages(kit.context().graph());

            assertThat(stages.whyNotShared(true)).isEmpty();
            assertThat(stages.upstreamOf(stages.stages().get(2))).hasSize(2);
            assertThat(stages.whyNotShared(false)).hasValueSatisfying(why -> assertThat(why)
                    .startsWith("the input is read by the keyed stage reduceByKey"));
        }
    }

    private static List<String> names(KeyedStages stages) {
        return stages.stages().stream().map(DStreamGraph::shuffleName).toList();
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
