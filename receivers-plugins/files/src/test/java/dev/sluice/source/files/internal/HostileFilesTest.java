package dev.sluice.source.files.internal;

import static dev.sluice.source.files.internal.WatchedDirectory.START;
import static dev.sluice.source.files.internal.WatchedDirectory.readBatch;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Config;
import dev.sluice.api.spi.BatchSource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text file streams given what is not text, or too much of it at once: binary garbage and huge
 * lines are counted and reported per file while the text around them is read, and a batch of many
 * tiny files reads every line of every file.
 */
class HostileFilesTest {

    @TempDir
    Path tmp;

    private WatchedDirectory watched;
    private BatchSource<String> source;

    @BeforeEach
    void watch() {
        watched = new WatchedDirectory(tmp);
    }

    @AfterEach
    void stop() {
        if (source != null) {
            source.stop();
        }
    }

    @Test
    void binaryGarbageInATextFileIsCountedAndReportedAndTheTextAroundItRead() throws Exception {
        source = watched.start(Config.of(Map.of("format", "text", "maxLineLength", "64k")));
        var content = new ByteArrayOutputStream();
        content.writeBytes("before\n".getBytes(StandardCharsets.UTF_8));
        byte[] garbage = new byte[3 << 20]; // 3 MiB of random bytes without a '\n': one line over the limit
        new Random(18).nextBytes(garbage);
        for (int i = 0; i < garbage.length; i++) {
            if (garbage[i] == '\n') {
                garbage[i] = 0;
            }
        }
        content.writeBytes(garbage);
        content.writeBytes("\nbad \u00e9 \u00ff\n".getBytes(StandardCharsets.ISO_8859_1)); // Latin-1, not UTF-8
        content.writeBytes("after\r\n".getBytes(StandardCharsets.UTF_8));
        watched.write("mixed.txt", START + 500, content.toByteArray());
        watched.write("plain.txt", START + 600, "plain");

        List<String> lines = readBatch(source, 1);

        assertThat(lines).containsExactlyInAnyOrder("before", "bad \uFFFD \uFFFD", "after", "plain");
        assertThat(watched.context.errors).singleElement().asString()
                .contains("mixed.txt is not all text")
                .contains("1 lines longer than maxLineLength (65536 bytes) dropped")
                .contains("1 lines of invalid UTF-8 kept with U+FFFD");
        assertThat(readBatch(source, 2)).as("the stream goes on").isEmpty();
    }

    @Test
    void aLineOfAHundredMebibytesIsDroppedWithoutHoldingItAndTheNextLineKept() throws Exception {
        source = watched.start(Config.of("format", "text"));
        byte[] huge = new byte[(100 << 20) + 8];
        java.util.Arrays.fill(huge, (byte) 'x');
        byte[] tail = "\nnext\n".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(tail, 0, huge, huge.length - tail.length, tail.length);
        watched.write("huge.txt", START + 500, huge);
        huge = null;

        assertThat(readBatch(source, 1)).containsExactly("next");
        assertThat(watched.context.errors).singleElement().asString()
                .contains("1 lines longer than maxLineLength (1048576 bytes) dropped");
    }

    @Test
    void aBatchOfManyTinyFilesReadsEveryLineOfEveryFile() throws Exception {
        source = watched.start(Config.of("format", "text"));
        int files = 5_000;
        for (int i = 0; i < files; i++) {
            watched.write("tiny-" + i + ".txt", START + 100 + i % 800, "line " + i);
        }

        List<String> lines = readBatch(source, 1);

        assertThat(lines).hasSize(files).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, files).mapToObj(i -> "line " + i).toList());
        assertThat(watched.context.errors).isEmpty();
        assertThat(readBatch(source, 2)).isEmpty();
    }
}
