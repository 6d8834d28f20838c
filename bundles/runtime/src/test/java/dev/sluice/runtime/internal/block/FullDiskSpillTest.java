package dev.sluice.runtime.internal.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Pair;
import dev.sluice.api.StorageLevel;
import dev.sluice.runtime.internal.serial.RecordSerializer;
import dev.sluice.runtime.internal.serial.RecordTypes;
import dev.sluice.runtime.testkit.FullDiskNioFileSystem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blocks over the memory budget spilled to a disk that fills up (a fault-injecting java.nio file
 * system: a really full one needs a mount, which takes root): a failed spill names the block's file
 * and the space left, once per episode; no partial file stays; the block stays whole in memory; and
 * the blocks after space is back go to disk again.
 */
class FullDiskSpillTest {

    private static final long BUDGET = 16 * 1024;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private PrintStream stderr;

    @BeforeEach
    void captureTheLog() {
        stderr = System.err; // where the tests' logger writes
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreTheLog() {
        System.setErr(stderr);
    }

    @Test
    void aSpillToAFullDiskKeepsTheBlockInMemoryReportsTheFileAndFreeSpaceOnceAndSpillsAgainOnceSpaceIsBack()
            throws IOException {
        var disk = new FullDiskNioFileSystem();
        var serializer = new RecordSerializer(RecordTypes.builtIn());
        try (var store = new BlockStore(() -> serializer, BUDGET, disk.path(dir))) {
            int block = 0;
            for (; block < 6; block++) {
                put(store, block);
            }
            long spilled = blockFiles();
            long onDisk = store.diskUsed();
            assertThat(spilled).as("blocks over the budget spill while there is space").isPositive();

            disk.setFree(100); // the start of the next block's file fits, the rest does not
            for (; block < 12; block++) {
                put(store, block);
            }
            assertThat(store.spillFailure()).hasValueSatisfying(failure -> assertThat(failure)
                    .contains("Cannot spill block input-1-6 to " + dir.resolve("sluice-blocks-"))
                    .contains(".blk: No space left on device (0 bytes free there)")
                    .contains("free space there or set localDir to a larger disk"));
            assertThat(logLines("Cannot spill block")).as("one report for the whole episode").hasSize(1);
            assertThat(blockFiles()).as("no partial file stays").isEqualTo(spilled);
            assertThat(store.diskUsed()).isEqualTo(onDisk);
            assertThat(store.memoryUsed()).as("the blocks that could not spill are in memory").isGreaterThan(BUDGET);

            disk.setFree(1L << 30);
            for (; block < 15; block++) {
                put(store, block);
            }
            assertThat(store.spillFailure()).isEmpty();
            assertThat(logLines("works again: blocks over the memory budget go to disk")).hasSize(1);
            assertThat(blockFiles()).as("spilling resumed by itself").isEqualTo(spilled + 3);
            assertThat(store.diskUsed()).isGreaterThan(onDisk);

            disk.setFree(0);
            put(store, block++);
            assertThat(logLines("Cannot spill block")).as("a new episode is reported again").hasSize(2)
                    .last().asString().contains("Cannot spill block input-1-15");

            for (int b = 0; b < block; b++) {
                assertThat(store.get(BlockId.input(1, b))).as("block %d", b).isEqualTo(records(b));
            }
        }
    }

    private static void put(BlockStore store, int block) {
        store.put(BlockId.input(1, block), records(block), StorageLevel.MEMORY_AND_DISK_SER);
    }

    private static List<Object> records(int block) {
        return IntStream.range(0, 300).mapToObj(i -> (Object) Pair.of("block-" + block + "-record-" + i, i)).toList();
    }

    private long blockFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private List<String> logLines(String containing) {
        return log.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(containing)).toList();
    }
}
