package dev.sluice.runtime.internal.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import dev.sluice.api.ConfigException;
import dev.sluice.api.InvalidGraphException;
import dev.sluice.api.Pair;
import dev.sluice.api.PairDStream;
import dev.sluice.api.Partitioner;
import dev.sluice.api.StateSpec;
import dev.sluice.api.Time;
import dev.sluice.runtime.testkit.StreamTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * updateStateByKey with an initial state, a partition count or a partitioner, and mapWithState's
 * partition count, against a running sum per key kept in a map.
 */
class StatePartitioningTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    /** A running sum; a key whose sum reaches a multiple of 10 is removed. */
    private static final BiFunction<List<Integer>, Optional<Integer>, Optional<Integer>> SUM = (values, state) -> {
        int sum = state.orElse(0) + values.stream().mapToInt(x -> x).sum();
        return sum % 10 == 0 && !values.isEmpty() ? Optional.empty() : Optional.of(sum);
    };

    private static final List<Pair<Integer, Integer>> INITIAL = List.of(Pair.of(2, 1000), Pair.of(5, 7), Pair.of(30, 3));

    /** Runs {@code op} on the keyed random batches and checks every batch's state and its partitions. */
    private static void check(long seed, int parallelism, int partitions, boolean initial,
                              Function<PairDStream<Integer, Integer>, PairDStream<Integer, Integer>> op) {
        var input = PerBatchOperatorsTest.batches(seed);
        var states = new ConcurrentHashMap<Time, List<List<Pair<Integer, Integer>>>>();
        try (var kit = new StreamTestKit(SECOND, parallelism)) {
            var in = kit.<Integer>input();
            op.apply(PerBatchOperatorsTest.keyed(in.stream())).glom()
                    .foreach((batch, time) -> states.put(time, batch.collect()));
            kit.start();
            input.forEach(in::add);
            kit.runBatches(input.size());
        }
        var model = new HashMap<Integer, Integer>();
        if (initial) {
            INITIAL.forEach(p -> model.put(p.key(), p.value()));
        }
        for (int k = 1; k <= input.size(); k++) {
            var values = Model.group(PerBatchOperatorsTest.keyed(input.get(k - 1)));
            var keys = new ArrayList<>(model.keySet());
            values.keySet().stream().filter(key -> !model.containsKey(key)).forEach(keys::add);
            for (Integer key : keys) {
                SUM.apply(values.getOrDefault(key, List.of()), Optional.ofNullable(model.get(key)))
                        .ifPresentOrElse(s -> model.put(key, s), () -> model.remove(key));
            }
            var parts = states.get(new Time(k * 1000L));
            assertThat(parts).as("batch %d's state is in %d partitions", k, partitions).hasSize(partitions);
            var all = new ArrayList<Pair<Integer, Integer>>();
            parts.forEach(all::addAll);
            assertThat(Canonical.of(all)).as("state after batch %d (seed %d)", k, seed)
                    .isEqualTo(Canonical.of(model.entrySet().stream().map(e -> Pair.of(e.getKey(), e.getValue())).toList()));
        }
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "2, 2", "3, 4"})
    void updateStateByKeyStartsFromTheInitialStateInTheGivenPartitions(long seed, int par) {
        check(seed, par, 3, true, s -> s.updateStateByKey(SUM, 3, s.context().parallelizePairs(INITIAL)));
        check(seed, par, 5, true, s -> s.updateStateByKey(SUM, Partitioner.hash(5), s.context().parallelizePairs(INITIAL)));
        check(seed, par, 2, false, s -> s.updateStateByKey(SUM, PairingOperatorsTest.PARITY));
        check(seed, par, 4, false, s -> s.updateStateByKey(SUM, 4));
    }

    @Test
    void aPartitionerKeepsEachKeysStateInItsPartitionBatchAfterBatch() {
        var partitions = new ConcurrentHashMap<Time, List<List<Pair<Integer, Integer>>>>();
        try (var kit = new StreamTestKit(SECOND, 2)) {
            var in = kit.<Integer>input();
            PerBatchOperatorsTest.keyed(in.stream())
                    .updateStateByKey(SUM, PairingOperatorsTest.PARITY, kit.context().parallelizePairs(INITIAL))
                    .glom().foreach((batch, time) -> partitions.put(time, batch.collect()));
            kit.start();
            PerBatchOperatorsTest.batches(9).forEach(in::add);
            kit.runBatches(8);
        }
        assertThat(partitions).hasSize(8);
        partitions.forEach((time, parts) -> {
            assertThat(parts.get(0)).as("odd keys at %s", time).allMatch(p -> p.key() % 2 == 1);
            assertThat(parts.get(1)).as("even keys at %s", time).allMatch(p -> p.key() % 2 == 0);
        });
    }

    @Test
    void mapWithStateKeepsItsStateInStateSpecNumPartitions() {
        var sizes = new ConcurrentHashMap<Time, Integer>();
        var snapshots = new ConcurrentHashMap<Time, Map<Integer, Long>>();
        try (var kit = new StreamTestKit(SECOND, 2)) {
            var in = kit.<Integer>input();
            var spec = StateSpec.<Integer, Integer, Long, Integer>function((key, value, state) -> {
                state.update(state.getOption().orElse(0L) + 1);
                return key;
            }).numPartitions(7);
            var counted = in.stream().mapToPair(x -> Pair.of(x, x)).mapWithState(spec).stateSnapshots();
            counted.foreachPairs((batch, time) -> {
                sizes.put(time, batch.numPartitions());
                var counts = new HashMap<Integer, Long>();
                batch.collect().forEach(p -> counts.put(p.key(), p.value()));
                snapshots.put(time, counts);
            });
            kit.start();
            in.add(List.of(1, 2, 2, 3));
            in.add(List.of(3, 3));
            kit.runBatches(2);
        }
        assertThat(sizes).containsValues(7).hasSize(2).allSatisfy((t, n) -> assertThat(n).isEqualTo(7));
        assertThat(snapshots.get(new Time(2000))).isEqualTo(Map.of(1, 1L, 2, 2L, 3, 3L));
    }

    @Test
    void mapWithStateKeepsEachKeyWhereStateSpecsPartitionerPutsIt() {
        var partitions = new ConcurrentHashMap<Time, List<List<Pair<Integer, Long>>>>();
        var spec = StateSpec.<Integer, Integer, Long, Integer>function((key, value, state) -> {
            state.update(state.getOption().orElse(0L) + value.orElse(0));
            return key;
        }).initialState(List.of(Pair.of(8, 100L), Pair.of(9, 100L))).partitioner(PairingOperatorsTest.PARITY);
        assertThat(spec.numPartitions()).isEqualTo(2);
        assertThat(spec.numPartitions(5).partitioner()).as("the last of the two wins").isEmpty();
        var input = PerBatchOperatorsTest.batches(4);
        try (var kit = new StreamTestKit(SECOND, 3)) {
            var in = kit.<Integer>input();
            in.stream().mapToPair(x -> Pair.of(x, x)).mapWithState(spec).stateSnapshots().glom()
                    .foreach((batch, time) -> partitions.put(time, batch.collect()));
            kit.start();
            input.forEach(in::add);
            kit.runBatches(input.size());
        }
        var sums = new HashMap<Integer, Long>(Map.of(8, 100L, 9, 100L));
        for (int k = 1; k <= input.size(); k++) {
            input.get(k - 1).forEach(x -> sums.merge(x, (long) x, Long::sum));
            var parts = partitions.get(new Time(k * 1000L));
            assertThat(parts).as("batch %d", k).hasSize(2);
            assertThat(parts.get(0)).as("odd keys, batch %d", k).allMatch(p -> p.key() % 2 == 1);
            assertThat(parts.get(1)).as("even keys, batch %d", k).allMatch(p -> p.key() % 2 == 0);
            var all = new HashMap<Integer, Long>();
            parts.forEach(part -> part.forEach(p -> all.put(p.key(), p.value())));
            assertThat(all).as("state after batch %d", k).isEqualTo(sums);
        }
    }

    @Test
    void aNullOrEmptyPartitionerOrInitialStateIsRefusedWhenTheGraphIsBuilt() {
        try (var kit = new StreamTestKit(SECOND, 1)) {
            var keyed = PerBatchOperatorsTest.keyed(kit.<Integer>input().stream());
            Partitioner none = new Partitioner() {
                @Override
                public int numPartitions() {
                    return 0;
                }

                @Override
                public int partition(Object key) {
                    return 0;
                }

                @Override
                public String toString() {
                    return "none";
                }
            };
            assertThatThrownBy(() -> keyed.reduceByKey(Integer::sum, none)).isInstanceOf(InvalidGraphException.class)
                    .hasMessage("reduceByKey: the partitioner none must have at least 1 partition, got 0");
            assertThatThrownBy(() -> keyed.updateStateByKey(SUM, (Partitioner) null))
                    .isInstanceOf(InvalidGraphException.class)
                    .hasMessage("updateStateByKey needs a partitioner, got null; use Partitioner.hash(n)");
            assertThatThrownBy(() -> StateSpec.function((k, v, st) -> k).partitioner(null))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("a state's partitioner must not be null; use Partitioner.hash(n)");
            assertThatThrownBy(() -> keyed.mapWithState(StateSpec.<Integer, Integer, Integer, Integer>function(
                    (k, v, st) -> k).partitioner(none))).isInstanceOf(InvalidGraphException.class)
                    .hasMessage("mapWithState: the partitioner none must have at least 1 partition, got 0");
            assertThatThrownBy(() -> keyed.updateStateByKey(SUM, 2, null)).isInstanceOf(InvalidGraphException.class)
                    .hasMessageStartingWith("updateStateByKey: the initial state is null");
        }
    }

    @Test
    void aPartitionOutOfRangeFailsItsBatchNamingThePartitionerAndTheKey() {
        Partitioner broken = new Partitioner() {
            @Override
            public int numPartitions() {
                return 2;
            }

            @Override
            public int partition(Object key) {
                return (Integer) key == 4 ? 2 : 0;
            }

            @Override
            public String toString() {
                return "broken";
            }
        };
        try (var kit = new StreamTestKit(SECOND, 2)) {
            var in = kit.<Integer>input();
            var out = kit.output(in.stream().mapToPair(x -> Pair.of(x, 1)).reduceByKey(Integer::sum, broken));
            kit.start();
            in.add(List.of(1, 4));
            in.add(List.of(1, 1));
            var failed = kit.runBatch();
            var next = kit.runBatch();

            assertThat(failed.failure()).isPresent();
            assertThat(failed.failure().get().failure()).get().asString()
                    .contains("the partitioner broken put the key 4 in partition 2; it must return a partition in [0, 2)");
            assertThat(next.failure()).as("the next batch runs").isEmpty();
            assertThat(out.at(kit.batchTime(2))).containsExactly(Pair.of(1, 2));
        }
    }
}
