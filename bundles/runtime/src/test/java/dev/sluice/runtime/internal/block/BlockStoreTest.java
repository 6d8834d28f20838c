package dev.sluice.runtime.internal.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Pair;
import dev.sluice.api.SluiceException;
import dev.sluice.api.StorageLevel;
import dev.sluice.runtime.internal.serial.RecordSerializer;
import dev.sluice.runtime.internal.serial.RecordTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlockStoreTest {

    @TempDir
    Path dir;

    private BlockStore store(long budget) {
        var serializer = new RecordSerializer(RecordTypes.builtIn());
        return new BlockStore(() -> serializer, budget, dir);
    }

    private static List<Object> records(int block, int n) {
        return IntStream.range(0, n).mapToObj(i -> (Object) Pair.of("block-" + block + "-record-" + i, i)).toList();
    }

    private long filesUnder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"MEMORY_ONLY", "MEMORY_ONLY_2", "MEMORY_ONLY_SER", "MEMORY_ONLY_SER_2", "MEMORY_AND_DISK",
            "MEMORY_AND_DISK_2", "MEMORY_AND_DISK_SER", "MEMORY_AND_DISK_SER_2", "DISK_ONLY", "DISK_ONLY_2"})
    void everyLevelGivesBackWhatWasStoredUntilRemoved(String levelName) throws IOException {
        StorageLevel level = StorageLevel.of(levelName);
        try (var store = store(1 << 20)) {
            var ids = new ArrayList<BlockId>();
            for (int b = 0; b < 5; b++) {
                ids.add(BlockId.input(0, b));
                store.put(ids.get(b), records(b, 100), level);
            }
            for (int b = 0; b < 5; b++) {
                assertThat(store.get(ids.get(b))).isEqualTo(records(b, 100));
            }
            assertThat(filesUnder(dir)).isEqualTo(level.useMemory() ? 0 : 5);
            assertThat(store.memoryUsed() > 0).isEqualTo(level.useMemory() && (!level.deserialized() || level.useDisk()));

            store.remove(ids);

            assertThat(store.blockCount()).isZero();
            assertThat(store.memoryUsed()).isZero();
            assertThat(store.diskUsed()).isZero();
            assertThat(filesUnder(dir)).isZero();
            assertThatThrownBy(() -> store.get(ids.get(0))).isInstanceOf(SluiceException.class)
                    .hasMessageContaining("block input-0-0 is no longer stored");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"MEMORY_ONLY", "MEMORY_ONLY_SER", "MEMORY_AND_DISK_SER", "DISK_ONLY"})
    void aBlockReadInPiecesGivesEachRecordOnceInOrder(String levelName) {
        StorageLevel level = StorageLevel.of(levelName);
        List<Object> lines = IntStream.range(0, 7).mapToObj(i -> (Object) ("line " + i)).toList();
        try (var store = store(1 << 20)) {
            store.put(BlockId.input(0, 0), records(0, 7), level); // objects: Kryo's form when serialized
            store.put(BlockId.input(0, 1), lines, level); // strings: the text form when serialized
            store.put(BlockId.input(0, 2), List.of(), level);
            for (int pieces = 1; pieces <= 9; pieces++) {
                var objects = new ArrayList<Object>();
                var text = new ArrayList<Object>();
                for (int piece = 0; piece < pieces; piece++) {
                    objects.addAll(store.get(BlockId.input(0, 0), piece, pieces));
                    text.addAll(store.get(BlockId.input(0, 1), piece, pieces));
                    assertThat(store.get(BlockId.input(0, 2), piece, pieces)).isEmpty();
                }
                assertThat(objects).as("%d pieces", pieces).isEqualTo(records(0, 7));
                assertThat(text).as("%d pieces", pieces).isEqualTo(lines);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"MEMORY_AND_DISK_SER", "MEMORY_AND_DISK"})
    void overTheBudgetBlocksSpillToDiskAndNothingIsLost(String levelName) throws IOException {
        long budget = 64 * 1024;
        try (var store = store(budget)) {
            for (int b = 0; b < 40; b++) {
                store.put(BlockId.input(1, b), records(b, 200), StorageLevel.of(levelName));
            }

            assertThat(store.memoryUsed()).isPositive().isLessThanOrEqualTo(budget);
            assertThat(store.diskUsed()).isPositive();
            assertThat(filesUnder(dir)).isPositive();
            for (int b = 0; b < 40; b++) {
                assertThat(store.get(BlockId.input(1, b))).isEqualTo(records(b, 200));
            }
        }
        assertThat(filesUnder(dir)).as("closing the store deletes its directory").isZero();
    }

    @Test
    void aMemoryOnlyLevelOverTheBudgetKeepsItsBlocksRatherThanDroppingData() {
        try (var store = store(1024)) {
            for (int b = 0; b < 10; b++) {
                store.put(BlockId.input(2, b), records(b, 100), StorageLevel.MEMORY_ONLY_SER);
            }

            assertThat(store.memoryUsed()).isGreaterThan(1024);
            for (int b = 0; b < 10; b++) {
                assertThat(store.get(BlockId.input(2, b))).isEqualTo(records(b, 100));
            }
        }
    }

    @Test
    void aBlockThatCannotBeWrittenToDiskStaysInMemory() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("a-file"), "x");
        var serializer = new RecordSerializer(RecordTypes.builtIn());
        try (var store = new BlockStore(() -> serializer, 1 << 20, notADirectory)) {
            store.put(BlockId.input(3, 0), records(0, 50), StorageLevel.DISK_ONLY);

            assertThat(store.get(BlockId.input(3, 0))).isEqualTo(records(0, 50));
            assertThat(store.diskUsed()).isZero();
            assertThat(store.memoryUsed()).isPositive();
        }
    }

    @Test
    void aSecondBlockUnderTheSameIdIsDropped() {
        try (var store = store(1 << 20)) {
            store.put(BlockId.dataset(7, 0), List.of("first"), StorageLevel.DISK_ONLY);
            store.put(BlockId.dataset(7, 0), List.of("second"), StorageLevel.DISK_ONLY);

            assertThat(store.get(BlockId.dataset(7, 0))).isEqualTo(List.of("first"));
            assertThat(store.blockCount()).isEqualTo(1);
        }
    }
}
