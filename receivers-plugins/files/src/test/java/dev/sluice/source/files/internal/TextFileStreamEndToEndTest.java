package dev.sluice.source.files.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.StreamingSettings;
import dev.sluice.runtime.testkit.StreamTestKit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * textFileStream on the real runtime, batch by batch on the test kit's manual clock (batch k at
 * k seconds, the stream started at 0): the spec's example of counting the lines of new files.
 */
class TextFileStreamEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void shouldCountTheLinesOfEachNewFileInTheBatchOfItsModificationTime() throws Exception {
        write("before-start.txt", 0, 5);
        var settings = new StreamingSettings("files-e2e", Duration.ofSeconds(1), 2, null);
        try (var kit = new StreamTestKit(settings, StreamTestKit.plugins(Map.of("files", new FilesSourceProvider()),
                Map.of()))) {
            var lines = kit.output(kit.context().textFileStream(dir.toUri().toString()));
            var counts = kit.output(kit.context().textFileStream(dir.toString()).count());
            kit.start();

            write("one.txt", 500, 10);
            kit.runBatch();
            write("two.txt", 1_200, 20);
            write("three.txt", 1_900, 30);
            kit.runBatch();
            kit.runBatch();

            assertThat(counts.at(kit.batchTime(1))).containsExactly(10L);
            assertThat(counts.at(kit.batchTime(2))).containsExactly(50L);
            assertThat(counts.at(kit.batchTime(3))).containsExactly(0L);
            assertThat(lines.at(kit.batchTime(1))).hasSize(10).allMatch(l -> l.startsWith("one.txt line "));
        }
    }

    private void write(String name, long modified, int lines) throws Exception {
        var text = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            text.append(name).append(" line ").append(i).append('\n');
        }
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.fromMillis(modified));
    }
}
