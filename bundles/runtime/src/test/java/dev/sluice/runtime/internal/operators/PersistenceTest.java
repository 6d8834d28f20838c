package dev.sluice.runtime.internal.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.InvalidGraphException;
import dev.sluice.api.Pair;
import dev.sluice.api.StorageLevel;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.spi.SourceProvider;
import java.util.Collection;
import java.util.Map;
import dev.sluice.runtime.testkit.StreamTestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PersistenceTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    /** A record type of the application, registered for serialized levels. */
    record Reading(String sensor, int value) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"MEMORY_ONLY", "MEMORY_ONLY_SER", "MEMORY_AND_DISK", "MEMORY_AND_DISK_SER", "DISK_ONLY",
            "MEMORY_ONLY_SER_2"})
    void aPersistedStreamIsComputedOncePerBatchAtEveryLevelAndGivesTheSameResults(String level) {
        var calls = new AtomicInteger();
        var random = new Random(11);
        // a budget this small makes the memory-and-disk levels spill
        var settings = StreamingSettings.of("local[2]", "persist", SECOND).with("blockMemory", "4k");
        try (var kit = new StreamTestKit(settings, StreamTestKit.NO_PLUGINS)) {
            kit.context().registerRecordTypes(Reading.class);
            var in = kit.<Integer>input();
            var readings = in.stream().map(v -> {
                calls.incrementAndGet();
                return new Reading("s" + v % 7, v);
            }).persist(StorageLevel.of(level));
            var perSensor = kit.output(readings.mapToPair(r -> Pair.of(r.sensor(), r.value())).reduceByKey(Integer::sum));
            var all = kit.output(readings);
            kit.start();
            var batches = new ArrayList<List<Integer>>();
            for (int b = 0; b < 6; b++) {
                var batch = random.ints(300, 0, 1000).boxed().toList();
                batches.add(batch);
                in.add(batch);
            }
            kit.runBatches(7);

            for (int b = 0; b < 6; b++) {
                var expected = batches.get(b).stream().map(v -> new Reading("s" + v % 7, v)).toList();
                assertThat(all.at(kit.batchTime(b + 1))).containsExactlyInAnyOrderElementsOf(expected);
                var sums = new java.util.TreeMap<String, Integer>();
                expected.forEach(r -> sums.merge(r.sensor(), r.value(), Integer::sum));
                assertThat(perSensor.at(kit.batchTime(b + 1)))
                        .containsExactlyInAnyOrderElementsOf(sums.entrySet().stream()
                                .map(e -> Pair.of(e.getKey(), e.getValue())).toList());
            }
            assertThat(calls).as("each record computed once though read by two outputs").hasValue(6 * 300);
            assertThat(kit.context().blockStore().blockCount()).as("batches done, their blocks freed").isZero();
        }
    }

    @Test
    void persistingARecordTypeThatIsNotRegisteredFailsThatBatchWithTheFix() {
        try (var kit = new StreamTestKit(SECOND, 2)) {
            var in = kit.<Integer>input();
            kit.output(in.stream().map(v -> new Reading("s", v)).persist());
            kit.start();
            in.add(List.of(1, 2));

            var batch = kit.runBatch();

            assertThat(batch.outputOperations()).singleElement().satisfies(op ->
                    assertThat(op.failure()).hasValueSatisfying(reason -> assertThat(reason)
                            .contains("cannot serialize a record of type " + Reading.class.getName())
                            .contains("registerRecordTypes(PersistenceTest.Reading.class)")));
        }
    }

    @Test
    void aPluginsRecordTypesAreSerializableWithoutTheApplicationRegisteringThem() {
        SourceProvider declaring = new SourceProvider() {
            @Override
            public Collection<Class<?>> recordTypes() {
                return List.of(Reading.class);
            }
        };
        var settings = StreamingSettings.of("local[2]", "plugin-types", SECOND);
        try (var kit = new StreamTestKit(settings, StreamTestKit.plugins(Map.of("declaring", declaring), Map.of()))) {
            var in = kit.<Integer>input();
            var out = kit.output(in.stream().map(v -> new Reading("s", v)).persist(StorageLevel.DISK_ONLY));
            kit.start();
            in.add(List.of(1, 2));

            assertThat(kit.runBatch().failure()).isEmpty();
            assertThat(out.at(kit.batchTime(1))).containsExactly(new Reading("s", 1), new Reading("s", 2));
        }
    }

    @Test
    void aStreamHasOneStorageLevel() {
        try (var kit = new StreamTestKit(SECOND, 1)) {
            var s = kit.<Integer>input().stream().map(v -> v + 1);
            s.persist(StorageLevel.MEMORY_ONLY);

            assertThatThrownBy(() -> s.persist(StorageLevel.DISK_ONLY))
                    .isInstanceOf(InvalidGraphException.class)
                    .hasMessageContaining("already persisted at MEMORY_ONLY");
            assertThatThrownBy(() -> s.persist(StorageLevel.NONE))
                    .isInstanceOf(InvalidGraphException.class)
                    .hasMessageContaining("choose a level that uses memory or disk");
        }
    }

    @Test
    void aLevelIsNamedAsInTheSpec() {
        assertThat(StorageLevel.of("memory_and_disk_ser_2")).isSameAs(StorageLevel.MEMORY_AND_DISK_SER_2);
        assertThat(StorageLevel.MEMORY_AND_DISK_SER_2.replication()).isEqualTo(2);
        assertThatThrownBy(() -> StorageLevel.of("MEMORY"))
                .hasMessageContaining("unknown storage level 'MEMORY'; use one of DISK_ONLY, DISK_ONLY_2");
    }
}
