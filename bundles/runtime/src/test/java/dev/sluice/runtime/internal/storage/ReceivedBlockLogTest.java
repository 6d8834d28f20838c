package dev.sluice.runtime.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.SluiceException;
import dev.sluice.runtime.internal.time.ManualClock;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceivedBlockLogTest {

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(1_000);
    private FileSystem fs;
    private ReceivedBlockLog log;

    @BeforeEach
    void open() throws IOException {
        fs = HadoopFiles.open(dir.toString());
        log = new ReceivedBlockLog(fs, new org.apache.hadoop.fs.Path(dir.toUri().toString(), "receivedData/0"),
                10_000, clock);
    }

    @AfterEach
    void close() throws IOException {
        log.close();
        fs.close();
    }

    private long logFiles() throws IOException {
        Path logs = dir.resolve("receivedData/0");
        if (!Files.exists(logs)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(logs)) {
            return files.count();
        }
    }

    @Test
    void aLoggedBlockIsOnDiskWhenAppendReturnsAndReadsBackExactly() throws IOException {
        byte[] a = "first block".getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[100_000];
        new java.util.Random(3).nextBytes(b);

        LogSegment sa = log.append(a);
        LogSegment sb = log.append(b);

        assertThat(logFiles()).isEqualTo(1);
        assertThat(Files.size(Path.of(java.net.URI.create(sa.file())))).isGreaterThanOrEqualTo(sb.offset() + 8 + b.length);
        assertThat(log.read(sa)).isEqualTo(a);
        assertThat(log.read(sb)).isEqualTo(b);
        assertThat(sa.file()).endsWith("/receivedData/0/log-1000");
    }

    @Test
    void rolledFilesGoOnceEveryBlockInThemIsReleasedSoTheLogStaysBounded() throws IOException {
        var segments = new ArrayList<LogSegment>();
        for (int batch = 0; batch < 50; batch++) {
            segments.add(log.append(("block " + batch).getBytes(StandardCharsets.UTF_8)));
            clock.advance(1_000);
            if (batch >= 2) {
                log.release(segments.get(batch - 2)); // each block is released two batches later
            }
        }

        // ten seconds per file: the current file and the one before, whose last blocks are still held
        assertThat(logFiles()).isLessThanOrEqualTo(2);
        assertThat(log.liveFiles()).isLessThanOrEqualTo(2);
        log.release(segments.get(48));
        log.release(segments.get(49));
        clock.advance(10_000);
        log.append(new byte[1]);
        assertThat(logFiles()).isEqualTo(1);
    }

    @Test
    void aDamagedBlockIsReportedNotReturned() throws IOException {
        LogSegment s = log.append("precious".getBytes(StandardCharsets.UTF_8));
        try (var file = new RandomAccessFile(Path.of(java.net.URI.create(s.file())).toFile(), "rw")) {
            file.seek(s.offset() + 8 + 2);
            file.write('X');
        }

        assertThatThrownBy(() -> log.read(s)).isInstanceOf(SluiceException.class)
                .hasMessageContaining("is corrupt at offset " + s.offset()).hasMessageContaining("checksum mismatch");
    }
}
