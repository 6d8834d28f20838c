package dev.sluice.sink.files.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.Time;
import dev.sluice.api.listener.BatchInfo;
import dev.sluice.api.spi.Sink;
import dev.sluice.runtime.testkit.FullDiskFileSystem;
import dev.sluice.runtime.testkit.StreamTestKit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File outputs on a disk that fills up (a fault-injecting Hadoop file system; a really full one
 * needs root here): the write fails naming the batch directory and the space left, leaves no
 * half-written batch, and the runtime's retry writes the batch whole once there is space again.
 */
class FullDiskFileSinkTest {

    @TempDir
    Path dir;

    private final String disk = "sink-" + UUID.randomUUID();

    private String prefix() {
        return FullDiskFileSystem.uri(disk, dir.resolve("lines"));
    }

    @Test
    void aWriteToAFullDiskFailsNamingTheBatchAndFreeSpaceAndLeavesNothingHalfWritten() throws Exception {
        Sink<String> sink = new TextFilesSinkProvider().createSink(Config.of(Map.of("prefix", prefix())));
        FullDiskFileSystem.setFree(disk, 0);

        assertThatThrownBy(() -> sink.write(Batches.of(List.of("a", "b"), 2), Time.of(1000)))
                .hasMessageContaining("could not write batch 1000 ms to " + prefix() + "-1000")
                .hasMessageContaining("No space left on device")
                .hasMessageContaining("(0 bytes free there)");
        assertThat(BatchDirectory.names(dir)).as("no batch directory, and no hidden attempt left").isEmpty();

        FullDiskFileSystem.setFree(disk, 1L << 30);
        sink.write(Batches.of(List.of("a", "b"), 2), Time.of(1000));
        assertThat(HadoopReaders.textLines(dir.resolve("lines-1000").toString())).containsExactly("a", "b");
    }

    @Test
    void theRuntimeRetriesAWriteThatFoundTheDiskFullAndWritesTheBatchWholeOnceThereIsSpace() throws Exception {
        // one worker: a second partition written in parallel could still meet the full disk
        var settings = StreamingSettings.of("local[1]", "full-disk", Duration.ofSeconds(1))
                .with("output.retryBackoff", "1ms");
        try (var kit = new StreamTestKit(settings, StreamTestKit.plugins(Map.of(),
                Map.of(DStream.TEXT_FILES, new TextFilesSinkProvider())))) {
            var in = kit.<Object>input();
            in.stream().saveAsTextFiles(prefix());
            kit.start();
            var freesDisk = new FreesDiskWhenWrittenAgain();
            in.add(List.of("first", freesDisk, "last"));
            FullDiskFileSystem.setFree(disk, 0);

            BatchInfo batch = kit.runBatchMovingClock(1);

            assertThat(batch.failure()).isEmpty();
            assertThat(freesDisk.calls).as("space came back as the retry wrote it, and that retry wrote the batch")
                    .hasValue(2);
        }
        assertThat(BatchDirectory.names(dir)).containsExactly("lines-1000");
        assertThat(HadoopReaders.textLines(dir.resolve("lines-1000").toString()))
                .containsExactly("first", "space again", "last");
    }

    /** Space comes back (an operator cleaned up) as the runtime's retry writes this element. */
    private final class FreesDiskWhenWrittenAgain {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String toString() {
            if (calls.incrementAndGet() == 2) {
                FullDiskFileSystem.setFree(disk, 1L << 30);
            }
            return "space again";
        }
    }
}
