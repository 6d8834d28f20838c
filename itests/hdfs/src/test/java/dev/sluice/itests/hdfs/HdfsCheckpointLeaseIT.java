package dev.sluice.itests.hdfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Config;
import dev.sluice.api.SluiceException;
import dev.sluice.api.StreamingSettings;
import dev.sluice.runtime.testkit.StreamTestKit;
import dev.sluice.source.files.internal.FilesSourceProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One stream per checkpoint directory on a real HDFS: the lease file is created whole only where
 * there is none, renewed through its modification time, refused to a second stream while its
 * holder lives, and taken over once a holder on another host stopped renewing it.
 */
class HdfsCheckpointLeaseIT {

    private static final Duration SECOND = Duration.ofSeconds(1);

    @RegisterExtension
    static final MiniDfs DFS = new MiniDfs();

    private static FileSystem hdfs;

    @BeforeAll
    static void connect() throws IOException {
        hdfs = DFS.fileSystem();
    }

    private static StreamTestKit kit(Path checkpoint, Duration lease) {
        var kit = new StreamTestKit(new StreamingSettings("lines", SECOND, 1,
                Config.of("checkpoint.leaseTimeout", lease.toMillis() + "ms")),
                StreamTestKit.plugins(Map.of("files", new FilesSourceProvider()), Map.of()));
        Path in = new Path("/lease/in");
        kit.context().checkpoint(hdfs.makeQualified(checkpoint).toString());
        kit.output(kit.context().textFileStream(hdfs.makeQualified(in).toString()).count());
        return kit;
    }

    private static String lease(Path checkpoint) throws IOException {
        try (var in = hdfs.open(new Path(checkpoint, "owner"))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aSecondStreamOnADirectoryInUseIsRefusedAndTheHolderRenewsItsLease() throws Exception {
        Path checkpoint = new Path("/lease/in-use");
        var first = kit(checkpoint, Duration.ofSeconds(3));
        try {
            first.start();
            assertThat(lease(checkpoint)).contains("application=lines", "pid=" + ProcessHandle.current().pid());
            Path owner = new Path(checkpoint, "owner");
            long created = hdfs.getFileStatus(owner).getModificationTime();
            hdfs.setTimes(owner, created - 60_000, -1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (hdfs.getFileStatus(owner).getModificationTime() == created - 60_000) {
                assertThat(System.nanoTime()).as("a renewal of the lease").isLessThan(deadline);
                Thread.sleep(20);
            }

            var second = kit(checkpoint, Duration.ofSeconds(3));
            assertThatThrownBy(second::start).isInstanceOf(SluiceException.class)
                    .hasMessageContaining("is in use by stream 'lines' in process " + ProcessHandle.current().pid());
        } finally {
            first.close();
        }
        assertThat(hdfs.exists(new Path(checkpoint, "owner"))).as("released at stop").isFalse();
    }

    @Test
    void aLeaseOfAnotherHostIsTakenOverOnceItWentUnrenewedForTheTimeout() throws Exception {
        Path checkpoint = new Path("/lease/abandoned");
        hdfs.mkdirs(checkpoint);
        try (var out = hdfs.create(new Path(checkpoint, "owner"), false)) {
            out.write(("sluice checkpoint lease 1\napplication=remote\nhost=another-host.invalid\npid=4242\n"
                    + "processStart=1\nsince=" + Instant.now() + "\ntoken=remote\n").getBytes(StandardCharsets.UTF_8));
        }
        var next = kit(checkpoint, Duration.ofMillis(1500));
        try {
            long start = System.nanoTime();
            next.start();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("waited for the lease to expire")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(1500));
            assertThat(lease(checkpoint)).contains("application=lines").doesNotContain("another-host.invalid");
        } finally {
            next.close();
        }
    }
}
