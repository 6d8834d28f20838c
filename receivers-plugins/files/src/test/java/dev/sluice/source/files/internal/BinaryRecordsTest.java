package dev.sluice.source.files.internal;

import static dev.sluice.source.files.internal.WatchedDirectory.START;
import static dev.sluice.source.files.internal.WatchedDirectory.readBatch;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Config;
import dev.sluice.api.spi.BatchSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** binaryRecordsStream's source: each new file cut into records of the given length. */
class BinaryRecordsTest {

    private static final Config FOUR_BYTE_RECORDS = Config.of(Map.of("format", "binary", "recordLength", 4));

    @TempDir
    Path tmp;

    private BatchSource<byte[]> source;

    @AfterEach
    void stop() {
        source.stop();
    }

    @Test
    void shouldCutEachFileIntoRecordsOfTheRecordLength() throws Exception {
        var watched = new WatchedDirectory(tmp);
        source = watched.start(FOUR_BYTE_RECORDS);
        watched.write("two.bin", START + 100, bytes(0, 8));
        watched.write("empty.bin", START + 200, new byte[0]);

        List<byte[]> records = readBatch(source, 1);

        assertThat(records).containsExactly(bytes(0, 4), bytes(4, 8));
        assertThat(watched.context.errors).isEmpty();
    }

    @Test
    void shouldReportAFileWhoseLengthIsNotAMultipleAndKeepItsWholeRecords() throws Exception {
        var watched = new WatchedDirectory(tmp);
        source = watched.start(FOUR_BYTE_RECORDS);
        watched.write("ragged.bin", START + 100, bytes(0, 10));

        List<byte[]> records = readBatch(source, 1);

        assertThat(records).containsExactly(bytes(0, 4), bytes(4, 8));
        assertThat(watched.context.errors).singleElement().asString()
                .contains("ragged.bin", "10 bytes", "record length 4", "last 2 bytes");
    }

    /** The bytes from..to-1, each the value of its position. */
    private static byte[] bytes(int from, int to) {
        var b = new byte[to - from];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }
}
