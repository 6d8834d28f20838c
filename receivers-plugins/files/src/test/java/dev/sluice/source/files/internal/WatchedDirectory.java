package dev.sluice.source.files.internal;

import dev.sluice.api.Config;
import dev.sluice.api.Time;
import dev.sluice.api.spi.BatchSource;
import dev.sluice.api.spi.InputSplit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A local directory watched by a files source that the test polls itself: batch times are
 * {@link #batch(int)} (the stream starts at {@link #START}), and files get the modification time
 * the test gives them, so nothing depends on the wall clock.
 */
final class WatchedDirectory {

    static final Duration INTERVAL = Duration.ofSeconds(1);
    /** The stream's start (its zero time); batch k is at START + k seconds. */
    static final long START = 1_700_000_000_000L;

    final Path dir;
    final RecordingContext context = new RecordingContext(INTERVAL, batch(1));

    WatchedDirectory(Path dir) {
        this.dir = dir;
    }

    static Time batch(int k) {
        return new Time(START + k * INTERVAL.toMillis());
    }

    /** Writes {@code name} with {@code lines} and the modification time {@code modified}. */
    Path write(String name, long modified, String... lines) throws IOException {
        return write(name, modified, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    Path write(String name, long modified, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        Files.setLastModifiedTime(file, FileTime.fromMillis(modified));
        return file;
    }

    /** A started source of {@code config} plus this directory. */
    <T> BatchSource<T> start(Config config) throws Exception {
        @SuppressWarnings("unchecked")
        var source = (BatchSource<T>) new FilesSourceProvider()
                .createBatchSource(config.with("directory", dir.toUri().toString()));
        source.start(context);
        return source;
    }

    /** Polls batch {@code k} and reads every split, as the workers would. */
    static <T> List<T> readBatch(BatchSource<T> source, int k) throws Exception {
        return readAll(source.poll(batch(k)));
    }

    static <T> List<T> readAll(List<InputSplit<T>> splits) throws Exception {
        var records = new ArrayList<T>();
        for (InputSplit<T> split : splits) {
            split.read(records::add);
        }
        return records;
    }
}
