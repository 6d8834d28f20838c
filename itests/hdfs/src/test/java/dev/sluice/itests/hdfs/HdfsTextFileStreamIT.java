package dev.sluice.itests.hdfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Config;
import dev.sluice.api.Time;
import dev.sluice.api.spi.BatchSource;
import dev.sluice.api.spi.BatchSourceContext;
import dev.sluice.api.spi.InputSplit;
import dev.sluice.source.files.internal.FilesSourceProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.server.datanode.DataNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * textFileStream's source on a real HDFS (one name node and one data node on loopback, started
 * once for the class): files put into the directory during the run are each read by exactly one
 * batch. Batch times and modification times are set explicitly; nothing waits on the clock.
 */
class HdfsTextFileStreamIT {

    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final long START = 1_700_000_000_000L;

    @RegisterExtension
    static final MiniDfs DFS = new MiniDfs();

    private static FileSystem hdfs;

    private final Errors errors = new Errors();
    private Path dir;
    private BatchSource<String> source;

    @BeforeAll
    static void connect() throws IOException {
        hdfs = DFS.fileSystem();
    }


    @BeforeEach
    void watchANewDirectory(org.junit.jupiter.api.TestInfo test) throws Exception {
        dir = new Path("/in/" + test.getTestMethod().orElseThrow().getName());
        hdfs.mkdirs(dir);
        @SuppressWarnings("unchecked")
        var s = (BatchSource<String>) new FilesSourceProvider().createBatchSource(
                Config.of("directory", hdfs.makeQualified(dir).toString()));
        source = s;
        source.start(errors);
    }

    @AfterEach
    void stopTheSource() {
        source.stop();
    }

    @Test
    void shouldListenOnLoopbackOnly() {
        assertThat(DFS.cluster().getNameNode().getNameNodeAddress().getAddress().isLoopbackAddress()).isTrue();
        for (DataNode dn : DFS.cluster().getDataNodes()) {
            assertThat(dn.getXferAddress().getAddress().isLoopbackAddress()).as("data node %s", dn).isTrue();
        }
        assertThat(hdfs.getUri().getScheme()).isEqualTo("hdfs");
    }

    @Test
    void shouldReadEachFilePutDuringTheRunExactlyOnce() throws Exception {
        put("before.txt", START - 5_000, "there before the start");
        assertThat(batch(1)).isEmpty();

        put("a.txt", START + 1_300, "a1", "a2");
        Path copying = write("b.txt._COPYING_", START + 1_600, "b1");
        assertThat(batch(2)).containsExactly("a1", "a2");

        hdfs.rename(copying, new Path(dir, "b.txt"));
        put("c.txt", START + 2_900, "c1");
        assertThat(batch(3)).containsExactlyInAnyOrder("b1", "c1");

        for (int k = 4; k < 70; k++) {
            assertThat(batch(k)).as("batch %d", k).isEmpty();
        }
        assertThat(errors.messages).isEmpty();
    }

    @Test
    void shouldReportAFileDeletedBeforeItIsReadAndReadTheOthers() throws Exception {
        put("gone.txt", START + 100, "never read");
        put("kept.txt", START + 200, "kept");

        List<InputSplit<String>> splits = source.poll(time(1));
        hdfs.delete(new Path(dir, "gone.txt"), false);

        assertThat(read(splits)).containsExactly("kept");
        assertThat(errors.messages).singleElement().asString().contains("cannot read", "gone.txt");
    }

    private List<String> batch(int k) throws Exception {
        return read(source.poll(time(k)));
    }

    private static List<String> read(List<InputSplit<String>> splits) throws Exception {
        var lines = new ArrayList<String>();
        for (InputSplit<String> split : splits) {
            split.read(lines::add);
        }
        return lines;
    }

    private static Time time(int k) {
        return new Time(START + k * INTERVAL.toMillis());
    }

    /** Puts a file the way {@code hdfs dfs -put} does: written under a temporary name, then renamed. */
    private void put(String name, long modified, String... lines) throws IOException {
        hdfs.rename(write(name + "._COPYING_", modified, lines), new Path(dir, name));
    }

    private Path write(String name, long modified, String... lines) throws IOException {
        Path file = new Path(dir, name);
        try (var out = hdfs.create(file)) {
            out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        hdfs.setTimes(file, modified, -1);
        return file;
    }

    /** The context of a stream started at START; keeps the errors the source reports. */
    private static final class Errors implements BatchSourceContext {
        final List<String> messages = new CopyOnWriteArrayList<>();

        @Override
        public Duration batchInterval() {
            return INTERVAL;
        }

        @Override
        public Time firstBatchTime() {
            return time(1);
        }

        @Override
        public Time startTime() {
            return new Time(START);
        }

        @Override
        public void reportError(String message, Throwable cause) {
            messages.add(message);
        }

        @Override
        public void reportStatus(String status) {
        }
    }
}
