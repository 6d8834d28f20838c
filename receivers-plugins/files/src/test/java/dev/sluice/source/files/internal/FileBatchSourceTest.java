package dev.sluice.source.files.internal;

import dev.sluice.hadoop.HadoopCalls;
import static dev.sluice.source.files.internal.WatchedDirectory.START;
import static dev.sluice.source.files.internal.WatchedDirectory.batch;
import static dev.sluice.source.files.internal.WatchedDirectory.readAll;
import static dev.sluice.source.files.internal.WatchedDirectory.readBatch;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Config;
import dev.sluice.api.spi.BatchSource;
import dev.sluice.api.spi.InputSplit;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** textFileStream's source on the local file system, polled batch by batch with explicit times. */
class FileBatchSourceTest {

    private static final Config TEXT = Config.of("format", "text");

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
    void shouldReadEachFileArrivingDuringTheRunExactlyOnce() throws Exception {
        source = watched.start(TEXT);
        assertThat(readBatch(source, 1)).isEmpty();

        watched.write("a.txt", START + 1_500, "a1", "a2");
        assertThat(readBatch(source, 2)).containsExactly("a1", "a2");

        watched.write("b.txt", START + 2_200, "b1");
        watched.write("c.txt", START + 3_000, "c1");
        assertThat(readBatch(source, 3)).containsExactlyInAnyOrder("b1", "c1");

        // moved in late, with a modification time two batches back: still read, once
        watched.write("late.txt", START + 2_900, "late");
        assertThat(readBatch(source, 4)).containsExactly("late");

        for (int k = 5; k < 70; k++) {
            assertThat(readBatch(source, k)).as("batch %d", k).isEmpty();
        }
        assertThat(watched.context.errors).isEmpty();
    }

    @Test
    void shouldLeaveAFileModifiedAfterTheBatchToALaterBatch() throws Exception {
        source = watched.start(TEXT);
        watched.write("ahead.txt", START + 2_500, "ahead");

        assertThat(readBatch(source, 1)).isEmpty();
        assertThat(readBatch(source, 2)).isEmpty();
        assertThat(readBatch(source, 3)).containsExactly("ahead");
        assertThat(readBatch(source, 4)).isEmpty();
    }

    @Test
    void shouldIgnoreTheFilesThereBeforeTheStart() throws Exception {
        watched.write("old.txt", START - 60_000, "old");
        watched.write("at-start.txt", START, "at start");
        source = watched.start(TEXT);

        watched.write("new.txt", START + 1, "new");
        assertThat(readBatch(source, 1)).containsExactly("new");
        assertThat(readBatch(source, 2)).isEmpty();
    }

    @Test
    void shouldReadTheFilesThereBeforeTheStartInTheFirstBatchWhenNotOnlyNewFiles() throws Exception {
        watched.write("old.txt", START - 86_400_000L, "a day old");
        watched.write("at-start.txt", START, "at start");
        source = watched.start(TEXT.with("newFilesOnly", false));

        assertThat(readBatch(source, 1)).containsExactlyInAnyOrder("a day old", "at start");
        for (int k = 2; k < 70; k++) {
            assertThat(readBatch(source, k)).as("batch %d", k).isEmpty();
        }
    }

    @Test
    void shouldSkipHiddenAndTemporaryNamesAndSubdirectories() throws Exception {
        source = watched.start(TEXT);
        long modified = START + 500;
        watched.write(".hidden", modified, "hidden");
        watched.write("_SUCCESS", modified, "marker");
        watched.write("part.tmp", modified, "temporary");
        watched.write("upload.txt._COPYING_", modified, "copying");
        watched.write("sub/inner.txt", modified, "in a subdirectory");
        watched.write("visible.txt", modified, "visible");

        assertThat(readBatch(source, 1)).containsExactly("visible");
    }

    @Test
    void shouldReportAFileThatVanishesBeforeItIsReadAndReadTheOthers() throws Exception {
        source = watched.start(TEXT);
        Path gone = watched.write("gone.txt", START + 100, "never read");
        watched.write("kept.txt", START + 200, "kept");

        List<InputSplit<String>> splits = source.poll(batch(1));
        Files.delete(gone);

        assertThat(readAll(splits)).containsExactly("kept");
        assertThat(watched.context.errors).singleElement().asString()
                .contains("cannot read", gone.getFileName().toString());
    }

    @Test
    void shouldDecompressByTheNameAndReportACorruptFile() throws Exception {
        source = watched.start(TEXT);
        watched.write("packed.gz", START + 100, gzip("zipped 1\nzipped 2\n"));
        watched.write("broken.gz", START + 200, "this is not gzip".getBytes(StandardCharsets.UTF_8));

        assertThat(readBatch(source, 1)).containsExactly("zipped 1", "zipped 2");
        assertThat(watched.context.errors).singleElement().asString().contains("broken.gz");
    }

    @Test
    void shouldReportAMissingDirectoryOnceAndReadItsFilesOnceItExists() throws Exception {
        Path later = tmp.resolve("later");
        var missing = new WatchedDirectory(later);
        source = missing.start(TEXT);

        assertThat(readBatch(source, 1)).isEmpty();
        assertThat(readBatch(source, 2)).isEmpty();
        assertThat(missing.context.errors).singleElement().asString().contains("later", "does not exist");

        missing.write("first.txt", START + 2_500, "first");
        assertThat(readBatch(source, 3)).containsExactly("first");
        assertThat(missing.context.errors).hasSize(1);
    }

    @Test
    void shouldSayHowManyFilesABatchTookInTheStatus() throws Exception {
        source = watched.start(TEXT);
        watched.write("a.txt", START + 100, "a");
        watched.write("b.txt", START + 200, "b");

        source.poll(batch(1));

        assertThat(watched.context.status).startsWith("2 new files in batch " + batch(1));
        assertThat(source.description()).isEqualTo("files in " + tmp.toUri());
    }

    @Test
    void shouldPassHadoopSettingsToHadoop() throws Exception {
        var settings = FileSettings.from(Config.of(Map.of("directory", "/in", "hadoop.io.file.buffer.size", "8192",
                "hadoopish", "no")));
        assertThat(settings.hadoopProperties()).isEqualTo(Map.of("io.file.buffer.size", "8192"));
        assertThat(HadoopCalls.configuration(settings.hadoopProperties(), HadoopCalls.LOADER).getInt("io.file.buffer.size", 0))
                .isEqualTo(8192);
    }

    private static byte[] gzip(String text) throws Exception {
        var bytes = new ByteArrayOutputStream();
        try (var out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
