package dev.sluice.itests.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.itests.hdfs.MiniDfs;
import dev.sluice.kafka.testkit.KafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A group's state snapshots on a real HDFS: two containers, processes on this machine, share a
 * declared running count ({@code running-count}, {@code updateStateByKey}) over a topic of four
 * partitions with {@code group.snapshots=hdfs://...}. Their runtime writes each key partition's
 * snapshots there for the Kafka plugin; one member is killed with SIGKILL while the input is read,
 * and the survivor restores the victim's key partitions from their snapshots on HDFS and the
 * changelog after them (its log counts the keys that came from snapshots). Its output must be what
 * one container computes: no count twice in a batch or going backwards, every batch holding all key
 * partitions (some after the kill) equal to one container's running count of the lines it holds,
 * and every word counted as often as it was sent. Kept in the process tests' package, whose helpers
 * it uses, and in this module, which has the mini cluster.
 */
@ExtendWith(FailedRunLogs.class)
class HdfsStateSnapshotsIT {

    private static final String STREAM = "hdfs-running-count";
    private static final String GROUP = "hs";
    private static final int PARTITIONS = 4;
    private static final int LINES = 400;
    /** Lines per second each input partition gives a batch: the input takes about 12 s to read, so the kill comes while it is read. */
    private static final int RATE = 8;
    private static final Pattern RESTORED = Pattern.compile("Restored the state of key partitions \\[[^]]*] of sluice-"
            + GROUP + "-changelog-\\S+ before batch \\d+ ms: (\\d+) keys in \\d+ ms \\((\\d+) changelog records read,"
            + " (\\d+) keys from snapshots\\)");
    private static final String SNAPSHOTS = "/group-state";

    @RegisterExtension
    static final MiniDfs DFS = new MiniDfs();

    @TempDir
    Path root;

    @Test
    void theSurvivorOfAKillRestoresTheKeyPartitionsFromTheirSnapshotsOnHdfsAndGoesOnAsOneContainerWould()
            throws Exception {
        FileSystem hdfs = DFS.fileSystem();
        try (var broker = KafkaBroker.start(root.resolve("kafka"))) {
            broker.createTopic("lines", PARTITIONS);
            broker.createTopic("counts", PARTITIONS);
            Map<String, Integer> expected;
            KafkaLines input = new KafkaLines(broker, "lines", 29, LINES, LINES, Duration.ofMillis(1), true);
            try (input) {
                expected = input.awaitAllSent();
            }
            var runs = new ArrayList<SluiceRun>();
            try (var members = new GroupMembers(root, GroupMembers.runningCount(root, STREAM, GROUP, broker, RATE,
                    hdfs.makeQualified(new org.apache.hadoop.fs.Path(SNAPSHOTS)).toString()))) {
                runs.add(members.launch());
                runs.add(members.launch());
                Await.until("both members to own partitions, all four between them, and a snapshot of every key"
                                + " partition holding counted lines on HDFS", Duration.ofMillis(500), () -> true,
                        () -> runs.stream().allMatch(r -> !MemberLogs.owned(r, GROUP).isEmpty())
                                && MemberLogs.ownedByAll(runs, GROUP, "lines", PARTITIONS).size() == PARTITIONS
                                && snapshotOffsets(hdfs).size() == PARTITIONS
                                && snapshotOffsets(hdfs).values().stream().allMatch(offset -> offset > 0),
                        () -> "snapshots at " + snapshotOffsets(hdfs) + "\n" + MemberLogs.describe(runs));

                SluiceRun victim = runs.remove(1);
                SluiceRun survivor = runs.get(0);
                int countedAtKill = counts(broker).linesCounted();
                long killedAt = System.currentTimeMillis();
                victim.kill();
                Await.until("the survivor to own every partition",
                        () -> MemberLogs.owned(survivor, GROUP).size() == PARTITIONS, () -> MemberLogs.describe(runs));
                Await.until("the running count to reach every word sent", Duration.ofSeconds(1), () -> true,
                        () -> counts(broker).latestWords().equals(expected),
                        () -> "counted " + counts(broker).latestWords() + ", expected " + expected + "\n"
                                + MemberLogs.describe(runs));
                survivor.stop();

                var restores = RESTORED.matcher(survivor.output()).results().toList();
                System.out.println("HdfsStateSnapshotsIT: killed with " + countedAtKill + " of " + LINES
                        + " lines counted; the survivor's restores (keys, changelog records, keys from snapshots): "
                        + restores.stream().map(m -> m.group(1) + "/" + m.group(2) + "/" + m.group(3)).toList());
                assertThat(restores).as("a restore of the survivor's that took keys from snapshots on HDFS")
                        .anyMatch(m -> Long.parseLong(m.group(3)) > 0);
                assertThat(survivor.output() + victim.output()).doesNotContain("Cannot snapshot the state",
                        "Cannot use the state snapshot", "Cannot list the state snapshots");
                checkRunningCounts(counts(broker), input, expected, killedAt);
            }
        }
    }

    /**
     * Hadoop closes every file system it caches when the JVM begins to exit, unless told not to;
     * a container stopped by SIGTERM stops its stream gracefully in a shutdown hook of its own,
     * after that: its final checkpoint and the lease's release must still reach HDFS.
     */
    @Test
    void aContainerStoppedBySigtermWritesItsFinalCheckpointAndReleasesItsLeaseOnHdfs() throws Exception {
        FileSystem hdfs = DFS.fileSystem();
        var checkpoint = hdfs.makeQualified(new org.apache.hadoop.fs.Path("/stopped/checkpoint"));
        Path in = Files.createDirectories(root.resolve("in"));
        Files.createDirectories(root.resolve("out"));
        // a home of its own, on free ports
        try (var container = new GroupMembers(root, List.of(LineCountApp.NAME, "dir=" + in,
                "out=" + root.resolve("out/lines"), "checkpoint=" + checkpoint, "batch=500ms"))) {
            SluiceRun run = container.launch();
            run.awaitStarted();
            run.await("a checkpoint on HDFS", () -> checkpoints(hdfs, checkpoint).size() > 1);
            assertThat(run.stop()).isEqualTo(LineCountApp.EXIT_ON_SIGTERM);
            assertThat(run.output()).contains(LineCountApp.STOPPED).doesNotContain("Filesystem closed");
            assertThat(hdfs.exists(new org.apache.hadoop.fs.Path(checkpoint, "owner")))
                    .as("the lease released at stop").isFalse();
        }
    }

    private static List<String> checkpoints(FileSystem hdfs, org.apache.hadoop.fs.Path directory) {
        try {
            if (!hdfs.exists(directory)) {
                return List.of();
            }
            return java.util.Arrays.stream(hdfs.listStatus(directory)).map(f -> f.getPath().getName())
                    .filter(n -> n.startsWith(LineCountApp.CHECKPOINT_PREFIX)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RunningCounts counts(KafkaBroker broker) {
        return new RunningCounts(broker, "counts", PARTITIONS);
    }

    /**
     * At most one count per key and batch, none going backwards, every word counted as often as
     * sent and every line once, and every batch holding all key partitions equal to one container's
     * running count of the lines it holds, some of them after the kill.
     */
    private static void checkRunningCounts(RunningCounts output, KafkaLines input, Map<String, Integer> expected,
                                           long killedAt) {
        assertThat(output.twiceInABatch()).as("keys with more than one count in a batch").isEmpty();
        assertThat(output.goingBackwards()).as("counts that went down from one batch to a later one").isEmpty();
        assertThat(output.latestWords()).isEqualTo(expected);
        assertThat(output.linesCounted()).isEqualTo(LINES);
        List<Long> whole = output.batchesWithEveryKeyPartition();
        for (long batch : whole) {
            assertThat(output.words(batch)).as("batch " + batch + " against one container's running count of the"
                    + " lines it holds").isEqualTo(output.singleContainerCount(batch, input));
        }
        assertThat(whole.stream().filter(t -> t > killedAt)).as("whole batches after the kill, the victim's"
                + " counts restored").isNotEmpty();
    }

    /** The offset each key partition's newest snapshot on HDFS covers up to, by partition. */
    private static Map<String, Long> snapshotOffsets(FileSystem hdfs) {
        var offsets = new TreeMap<String, Long>();
        try {
            var dir = new org.apache.hadoop.fs.Path(SNAPSHOTS);
            if (!hdfs.exists(dir)) {
                return offsets;
            }
            for (FileStatus changelog : hdfs.listStatus(dir)) {
                if (!changelog.getPath().getName().startsWith("sluice-" + GROUP + "-changelog-")) {
                    continue;
                }
                for (FileStatus partition : hdfs.listStatus(changelog.getPath())) {
                    for (FileStatus snapshot : hdfs.listStatus(partition.getPath())) {
                        String name = snapshot.getPath().getName();
                        if (name.matches("\\d{19}")) {
                            offsets.merge(partition.getPath().getName(), Long.parseLong(name), Math::max);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return offsets;
    }
}
