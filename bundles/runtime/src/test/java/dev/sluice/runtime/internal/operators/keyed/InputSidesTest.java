package dev.sluice.runtime.internal.operators.keyed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Pair;
import dev.sluice.api.PairDStream;
import dev.sluice.runtime.internal.graph.DStreamGraph;
import dev.sluice.runtime.internal.graph.KeyedStages;
import dev.sluice.runtime.testkit.StreamTestKit;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A join of the input and a keyed stage reads the input's side through a keyed stage of its own,
 * so that a group can share it as a join of two keyed stages; other shapes are left as they are.
 */
class InputSidesTest {

    @Test
    void shouldReadTheInputSideOfAJoinWithAKeyedStageThroughAPartitionByOfItsOwn() {
        try (var kit = new StreamTestKit(Duration.ofSeconds(1), 2)) {
            var input = kit.<String>input();
            PairDStream<String, Long> pairs = input.stream().mapToPair(w -> Pair.of(w, 1L));
            var joined = kit.output(pairs.join(pairs.reduceByKey(Long::sum)));
            DStreamGraph graph = kit.context().graph();
            assertThat(new KeyedStages(graph).whyNotShared(true)).hasValueSatisfying(why -> assertThat(why)
                    .contains("not both"));

            var added = InputSides.partitionApart(graph);

            assertThat(added).hasSize(1);
            var stages = new KeyedStages(graph);
            assertThat(stages.whyNotShared(true)).isEmpty();
            assertThat(stages.upstreamOf(added.get(0))).containsExactly(KeyedStages.Upstream.INPUT);
            kit.start();
            // the join's name is made from what it reads, the stage put before it included
            String side = DStreamGraph.shuffleName(added.get(0));
            assertThat(side).endsWith("partitionBy");
            assertThat(stages.chainedShuffles().entrySet()).singleElement().satisfies(e -> {
                assertThat(e.getKey()).contains(side).endsWith("join");
                assertThat(e.getValue()).hasSize(2).contains(side);
            });
            // on one container it hands its parent's batch on: the join is what it was
            input.add(List.of("a", "b", "a"));
            kit.runBatch();
            assertThat(joined.at(kit.batchTime(1))).containsExactlyInAnyOrder(Pair.of("a", Pair.of(1L, 2L)),
                    Pair.of("a", Pair.of(1L, 2L)), Pair.of("b", Pair.of(1L, 1L)));
        }
    }

    @Test
    void shouldLeaveJoinsOfTheInputOrOfKeyedStagesOnlyAndUnionsOfBothAsTheyAre() {
        try (var kit = new StreamTestKit(Duration.ofSeconds(1), 2)) {
            PairDStream<String, Long> pairs = kit.<String>input().stream().mapToPair(w -> Pair.of(w, 1L));
            kit.output(pairs.join(pairs.mapValues(n -> n * 2)));
            kit.output(pairs.reduceByKey(Long::sum).join(pairs.countByValue().mapToPair(p -> Pair.of(p.key().key(),
                    p.value()))));
            kit.output(pairs.union(pairs.reduceByKey(Long::sum)).<Long>updateStateByKey((ns, total) ->
                    Optional.of(total.orElse(0L) + ns.size())));
            DStreamGraph graph = kit.context().graph();
            int nodes = graph.nodes().size();

            assertThat(InputSides.partitionApart(graph)).isEmpty();
            assertThat(graph.nodes()).hasSize(nodes);
        }
    }
}
