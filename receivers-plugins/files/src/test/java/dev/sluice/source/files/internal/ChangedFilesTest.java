package dev.sluice.source.files.internal;

import static dev.sluice.source.files.internal.WatchedDirectory.START;
import static dev.sluice.source.files.internal.WatchedDirectory.batch;
import static dev.sluice.source.files.internal.WatchedDirectory.readAll;
import static dev.sluice.source.files.internal.WatchedDirectory.readBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.SluiceException;
import dev.sluice.api.spi.BatchSource;
import dev.sluice.api.spi.InputSplit;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import dev.sluice.hadoop.HadoopCalls;
import org.apache.hadoop.fs.FileSystem;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that change or disappear between the listing that gives them to a batch and their
 * reading, on the local disk: noticed by their length and modification time, never counted
 * partly, and handled per {@code changedFiles}.
 */
class ChangedFilesTest {

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

    private static String[] lines(int n) {
        return IntStream.range(0, n).mapToObj(i -> "line " + i).toArray(String[]::new);
    }

    /** Appends {@code lines} to {@code file}, as a writer still writing it would, and moves its time on. */
    private static void append(Path file, long modified, String... lines) throws Exception {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Files.setLastModifiedTime(file, FileTime.fromMillis(modified));
    }

    @Test
    void aFileStillWrittenAfterItsListingIsReadWholeByALaterBatch() throws Exception {
        source = watched.start(TEXT);
        Path growing = watched.write("growing.txt", START + 500, lines(90));
        List<InputSplit<String>> first = source.poll(batch(1));
        append(growing, START + 1_500, "line 90", "line 91");

        assertThat(readAll(first)).as("batch 1 counts none of it").isEmpty();
        assertThat(watched.context.errors).singleElement().asString().contains("growing.txt", "batch " + batch(1),
                "length", "read again, whole, by a later batch");
        assertThat(readBatch(source, 2)).hasSize(92).contains("line 0", "line 91");
        assertThat(readBatch(source, 3)).isEmpty();
    }

    /**
     * The file is truncated in the middle of its read: by the reader itself, after its 100th line,
     * so the moment is exact. Real file, real Hadoop file system, the text format's own split.
     */
    @Test
    void aFileTruncatedWhileItIsReadIsNotCountedPartly() throws Exception {
        Path file = watched.write("big.txt", START + 500, lines(1000));
        var conf = HadoopCalls.configuration(java.util.Map.of(), HadoopCalls.LOADER);
        FileSystem fs = HadoopCalls.call(() -> FileSystem.getLocal(conf).getRaw());
        var listed = new ListedFile(new org.apache.hadoop.fs.Path(file.toUri()), START + 500, Files.size(file));
        var changes = new FileChanges(fs, FileChanges.Policy.REREAD, watched.context);
        InputSplit<String> text = new TextLines(fs, conf, watched.context, FileSettings.DEFAULT_MAX_LINE_LENGTH).splits(listed).get(0);
        InputSplit<String> truncatedWhileRead = new InputSplit<>() {
            int read;

            @Override
            public void read(Consumer<? super String> out) throws Exception {
                text.read(line -> {
                    if (++read == 100) {
                        truncate(file, 300, START + 1_200);
                    }
                    out.accept(line);
                });
            }

            @Override
            public String description() {
                return text.description();
            }
        };

        var counted = new ArrayList<String>();
        new CheckedSplit<>(truncatedWhileRead, listed, batch(1), changes, true).read(counted::add);

        assertThat(counted).as("records given to batch 1").isEmpty();
        assertThat(watched.context.errors).singleElement().asString().contains("big.txt", "-> 300 bytes",
                "read again, whole, by a later batch");
        assertThat(changes.takeRereads()).containsExactly(listed.path().toString());
    }

    @Test
    void aFileTruncatedAfterItsListingIsLeftToALaterBatchThatReadsItAsItIsThen() throws Exception {
        source = watched.start(TEXT);
        Path file = watched.write("big.txt", START + 500, lines(1000));
        List<InputSplit<String>> first = source.poll(batch(1));
        truncate(file, 300, START + 1_200);

        assertThat(readAll(first)).isEmpty();
        assertThat(readBatch(source, 2)).isEqualTo(readLines(file));
        assertThat(readBatch(source, 3)).isEmpty();
    }

    @Test
    void aFileThatDisappearsBeforeItIsReadIsReportedAndSkipped() throws Exception {
        source = watched.start(TEXT.with("changedFiles", "reread"));
        Path gone = watched.write("gone.txt", START + 100, "never read");
        watched.write("kept.txt", START + 200, "kept");
        List<InputSplit<String>> splits = source.poll(batch(1));
        Files.delete(gone);

        assertThat(readAll(splits)).containsExactly("kept");
        assertThat(watched.context.errors).singleElement().asString().contains("gone.txt", "it disappeared", "skipped");
        assertThat(readBatch(source, 2)).isEmpty();
    }

    @Test
    void withSkipAChangedFileIsLeftOutWithAWarning() throws Exception {
        source = watched.start(TEXT.with("changedFiles", "skip"));
        Path file = watched.write("changed.txt", START + 500, lines(10));
        List<InputSplit<String>> first = source.poll(batch(1));
        append(file, START + 1_500, "more");

        assertThat(readAll(first)).isEmpty();
        assertThat(watched.context.errors).singleElement().asString().contains("changed.txt", "skipped");
        assertThat(readBatch(source, 2)).as("not read again").isEmpty();
    }

    @Test
    void withFailAChangedFileFailsItsBatch() throws Exception {
        source = watched.start(TEXT.with("changedFiles", "fail"));
        Path file = watched.write("changed.txt", START + 500, lines(10));
        List<InputSplit<String>> first = source.poll(batch(1));
        append(file, START + 1_500, "more");

        assertThatThrownBy(() -> readAll(first)).isInstanceOf(SluiceException.class)
                .hasMessageContaining("changed.txt").hasMessageContaining("changedFiles=fail fails the batch");
    }

    @Test
    void anUnchangedFileIsReadAsBefore() throws Exception {
        source = watched.start(TEXT);
        watched.write("still.txt", START + 500, lines(5));
        assertThat(readBatch(source, 1)).containsExactly(lines(5));
        assertThat(watched.context.errors).isEmpty();
    }

    @Test
    void anUnknownPolicyIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> FileSettings.from(Config.of("directory", "/in").with("changedFiles", "ignore")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("changedFiles must be reread, skip or fail");
    }

    private static void truncate(Path file, long length, long modified) {
        try (var raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(length);
            Files.setLastModifiedTime(file, FileTime.fromMillis(modified));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> readLines(Path file) throws Exception {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }
}
