package dev.sluice.itests.hdfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.DStream;
import dev.sluice.api.Pair;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.Time;
import dev.sluice.runtime.testkit.StreamTestKit;
import dev.sluice.source.files.internal.FilesSourceProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Checkpoints on a real HDFS: the spec's driver-failure example with its input files and its
 * checkpoint directory both on a MiniDFSCluster. Modification times and the clock are set by the
 * test; nothing waits on real time except for the checkpoint writer to finish.
 */
class HdfsCheckpointRecoveryIT {

    private static final long START = 1_700_000_000_000L;
    private static final Duration SECOND = Duration.ofSeconds(1);

    @RegisterExtension
    static final MiniDfs DFS = new MiniDfs();

    private static FileSystem hdfs;

    @BeforeAll
    static void connect() throws IOException {
        hdfs = DFS.fileSystem();
    }


    /** file-line-count's graph, over an HDFS directory, checkpointed to HDFS. */
    private static final class App implements AutoCloseable {
        final StreamTestKit kit;
        final StreamTestKit.Output<Long> counts;
        final StreamTestKit.Output<Long> totals;

        App(Path in, Path checkpoint, long clock) {
            kit = new StreamTestKit(new StreamingSettings("lines", SECOND, 2, null),
                    StreamTestKit.plugins(Map.of("files", new FilesSourceProvider()), Map.of()));
            kit.clock().advance(clock);
            kit.context().checkpoint(hdfs.makeQualified(checkpoint).toString());
            DStream<Long> count = kit.context().textFileStream(hdfs.makeQualified(in).toString()).count();
            counts = kit.output(count);
            totals = kit.output(count.mapToPair(n -> Pair.of("lines", n))
                    .<Long>updateStateByKey((added, total) -> Optional.of(total.orElse(0L)
                            + added.stream().mapToLong(Long::longValue).sum()))
                    .name("total").map(Pair::value));
        }

        void awaitCheckpoint(Time completed) throws InterruptedException {
            var checkpointer = kit.context().run().checkpointer().orElseThrow();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (checkpointer.latest().filter(c -> !c.lastCompleted().isBefore(completed)).isEmpty()) {
                assertThat(System.nanoTime()).as("a checkpoint of batch " + completed).isLessThan(deadline);
                Thread.sleep(20);
            }
        }

        @Override
        public void close() {
            kit.close();
        }
    }

    private static Time time(int k) {
        return new Time(START + k * SECOND.toMillis());
    }

    /** File k: 10 * k lines, modified within batch k. */
    private static void putFile(Path in, int k) throws IOException {
        Path file = new Path(in, "file-" + k + ".txt");
        try (var out = hdfs.create(file)) {
            for (int line = 0; line < 10 * k; line++) {
                out.write((k + ":" + line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        hdfs.setTimes(file, time(k).millis() - 500, -1);
    }

    @Test
    void aCrashBeforeBatch4AndARestartAt7GiveTheSpecsOutputsWithCheckpointsOnHdfs() throws Exception {
        Path in = new Path("/recovery/in");
        Path checkpoint = new Path("/recovery/checkpoint");
        hdfs.mkdirs(in);
        try (var before = new App(in, checkpoint, START)) {
            before.kit.start();
            for (int k = 1; k <= 3; k++) {
                putFile(in, k);
                before.kit.runBatch();
            }
            assertThat(before.counts.at(time(3))).containsExactly(30L);
            before.awaitCheckpoint(time(3));
        }
        for (int k = 4; k <= 7; k++) {
            putFile(in, k);
        }
        FileStatus[] written = hdfs.listStatus(checkpoint);
        assertThat(written).extracting(s -> s.getPath().getName()).anyMatch(n -> n.startsWith("checkpoint-"));

        try (var after = new App(in, checkpoint, START + 7_300)) {
            after.kit.start();
            for (int k = 4; k <= 7; k++) {
                after.kit.awaitBatch();
                assertThat(after.counts.at(time(k))).as("batch " + k + " at recovery").containsExactly(10L * k);
            }
            putFile(in, 8);
            after.kit.runBatch();
            assertThat(after.counts.at(time(8))).containsExactly(80L);
            assertThat(after.totals.at(time(8))).as("the total goes on from the checkpoint").containsExactly(360L);
            assertThat(after.counts.all()).hasSize(5);
        }
    }
}
