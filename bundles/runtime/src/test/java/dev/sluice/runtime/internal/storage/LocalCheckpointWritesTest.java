package dev.sluice.runtime.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Time;
import dev.sluice.runtime.internal.time.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints and write-ahead logs on the local disk are written through java.nio: no process is
 * started per file (Hadoop's local file system without its native library runs chmod for each file
 * and directory it creates).
 */
class LocalCheckpointWritesTest {

    @TempDir
    Path dir;

    /** A child JVM with no PATH: any chmod (or other program) it tried to run would fail the write. */
    private String runWithoutPrograms(Class<?> main, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        var command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PATH", dir.resolve("no-programs-here").toString());
        Process writer = builder.start();
        String output = new String(writer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(writer.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(writer.exitValue()).as("exit status; output:%n%s", output).isZero();
        return output;
    }

    @Test
    void checkpointsAreWrittenWithoutStartingAnyProgram() throws Exception {
        String output = runWithoutPrograms(CheckpointWriter.class, dir.resolve("checkpoint").toString(), "5");
        assertThat(output).contains("wrote " + CheckpointStore.fileName(4));
        try (var store = CheckpointStore.openForReading(dir.resolve("checkpoint").toString())) {
            var newest = store.list().get(0);
            assertThat(newest.readable()).as(newest.error()).isTrue();
            assertThat(newest.checkpoint().lastCompleted()).isEqualTo(new Time(5000));
            var chunks = new ArrayList<byte[]>();
            store.readState(newest.checkpoint().state("total").orElseThrow().file(), chunks::add);
            assertThat(chunks).singleElement().isEqualTo(new byte[] {1, 2, 3});
        }
    }

    @Test
    void writeAheadLogsAreWrittenWithoutStartingAnyProgram() throws Exception {
        String output = runWithoutPrograms(WriteAheadLogWriter.class, dir.toString(), "5");
        assertThat(output).contains("appended 5");

        var fs = HadoopFiles.open(dir.toString());
        try (var log = new ReceivedBlockLog(fs, new org.apache.hadoop.fs.Path(dir.toString(), "receivedData/lines"),
                1000, new ManualClock(0))) {
            List<LogSegment> segments = log.recover();
            assertThat(segments).extracting(LogSegment::fileName).containsExactly("log-0", "log-0", "log-1000",
                    "log-1000", "log-2000");
            for (int i = 0; i < segments.size(); i++) {
                assertThat(log.read(segments.get(i))).containsExactly((byte) i);
            }
        } finally {
            HadoopFiles.close(fs, dir);
        }
    }

    @Test
    void aStateWrittenAgainReplacesTheFileAndLeavesNoTemporary() throws Exception {
        try (var store = CheckpointStore.open(dir.toString(), "app", Duration.ofSeconds(10), lost -> { })) {
            store.writeState("total", new Time(1000), List.of(new byte[] {1}));
            String file = store.writeState("total", new Time(1000), List.of(new byte[] {2, 2}));
            var chunks = new ArrayList<byte[]>();
            store.readState(file, chunks::add);
            assertThat(chunks).singleElement().isEqualTo(new byte[] {2, 2});
        }
        try (Stream<Path> all = Files.walk(dir)) {
            assertThat(all.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp"))).isEmpty();
        }
    }
}
