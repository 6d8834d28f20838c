package dev.sluice.runtime.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.runtime.internal.time.ManualClock;
import dev.sluice.runtime.testkit.FullDiskFileSystem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write-ahead log whose disk fills up (a fault-injecting file system): the append fails naming the
 * log file and the space left, the half-written block is never read back as a block, and once there
 * is space the log goes on in a new file, every block written before and after it recovered.
 */
class FullDiskWriteAheadLogTest {

    @TempDir
    Path dir;

    @Test
    void anAppendToAFullDiskFailsNamingTheFileAndFreeSpaceAndTheLogGoesOnOnceSpaceIsBack() throws IOException {
        String disk = "wal-" + UUID.randomUUID();
        String root = FullDiskFileSystem.uri(disk, dir);
        FileSystem fs = HadoopFiles.open(root);
        var clock = new ManualClock(1_000);
        try (var log = new ReceivedBlockLog(fs, new org.apache.hadoop.fs.Path(root, "receivedData/0"), 10_000, clock)) {
            LogSegment before = log.append(new byte[] {1, 1, 1});

            FullDiskFileSystem.setFree(disk, 5); // the next block's header fits, its bytes do not
            assertThatThrownBy(() -> log.append(new byte[100]))
                    .hasMessageContaining("cannot write " + root + "/receivedData/0/log-1000")
                    .hasMessageContaining("No space left on device")
                    .hasMessageContaining("(0 bytes free there)");

            FullDiskFileSystem.setFree(disk, 1L << 30);
            LogSegment after = log.append(new byte[] {3, 3});
            assertThat(after.fileName()).as("the log goes on in a new file").isEqualTo("log-1001");

            List<LogSegment> recovered = log.recover();
            assertThat(recovered).containsExactly(before, after);
            assertThat(log.read(before)).containsExactly(1, 1, 1);
            assertThat(log.read(after)).containsExactly(3, 3);
        } finally {
            HadoopFiles.close(fs, root);
        }
    }
}
