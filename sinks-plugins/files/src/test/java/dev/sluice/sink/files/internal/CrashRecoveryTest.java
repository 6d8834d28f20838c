package dev.sluice.sink.files.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Config;
import dev.sluice.api.Time;
import dev.sluice.api.spi.Sink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that stops (crashes) part way through a batch's commit, and what readers see before and
 * after the next run's sink is made: the commit's steps are taken one by one, as far as the crash.
 */
class CrashRecoveryTest {

    private static final Time T1000 = Time.of(1000);

    @TempDir
    Path dir;

    private BatchPaths paths;
    private BatchAttempt attempt;

    @BeforeEach
    void anEarlierBatchAndANewAttemptAtIt() throws Exception {
        this.<String>newSink().write(Batches.of(List.of("earlier"), 1), T1000);
        FileSystem fs = FileSystem.getLocal(new Configuration());
        paths = new BatchPaths(fs.makeQualified(new org.apache.hadoop.fs.Path(dir.resolve("counts").toUri())), null);
        attempt = new BatchAttempt(fs, paths.newAttempt(T1000), paths.target(T1000), paths.newAside(T1000));
        attempt.begin();
        Files.writeString(local(attempt.dir()).resolve("part-00000"), "new\n");
    }

    private <T> Sink<T> newSink() {
        return new TextFilesSinkProvider().createSink(Config.of("prefix", dir.resolve("counts")));
    }

    private static Path local(org.apache.hadoop.fs.Path path) {
        return Path.of(path.toUri());
    }

    @Test
    void aCrashBetweenMovingTheEarlierBatchAsideAndTheRenameShowsNoBatchThenTheCompleteAttempt() throws Exception {
        attempt.markComplete();
        attempt.moveEarlierAside();

        assertThat(BatchDirectory.visible(dir)).as("between the two renames a reader sees no batch").isEmpty();
        assertThat(BatchDirectory.hidden(dir)).hasSize(2);

        newSink();

        assertThat(BatchDirectory.names(dir)).containsExactly("counts-1000");
        assertThat(BatchDirectory.partLines(dir.resolve("counts-1000"))).containsExactly(List.of("new"));
    }

    @Test
    void aCrashWhileWritingLeavesTheEarlierBatchVisibleAndTheNextSinkDeletesTheAttempt() throws Exception {
        assertThat(BatchDirectory.visible(dir)).containsExactly("counts-1000");
        assertThat(BatchDirectory.partLines(dir.resolve("counts-1000"))).containsExactly(List.of("earlier"));

        newSink();

        assertThat(BatchDirectory.names(dir)).containsExactly("counts-1000");
        assertThat(BatchDirectory.partLines(dir.resolve("counts-1000"))).containsExactly(List.of("earlier"));
    }

    @Test
    void aBatchMovedAsideWithNoCompleteAttemptToReplaceItIsMovedBack() throws Exception {
        attempt.moveEarlierAside();

        newSink();

        assertThat(BatchDirectory.names(dir)).containsExactly("counts-1000");
        assertThat(BatchDirectory.partLines(dir.resolve("counts-1000"))).containsExactly(List.of("earlier"));
    }

    @Test
    void aCrashAfterTheRenameLeavesOnlyTheReplacedBatchToDelete() throws Exception {
        attempt.markComplete();
        attempt.moveEarlierAside();
        attempt.promote();

        assertThat(BatchDirectory.visible(dir)).containsExactly("counts-1000");
        newSink();

        assertThat(BatchDirectory.names(dir)).containsExactly("counts-1000");
        assertThat(BatchDirectory.partLines(dir.resolve("counts-1000"))).containsExactly(List.of("new"));
    }

    @Test
    void hiddenDirectoriesOfOtherPrefixesAndSuffixesAreLeftAlone() throws Exception {
        String uuid = UUID.randomUUID().toString();
        List<String> others = List.of(".countsx-1000._temporary-" + uuid, ".counts-1000.txt._temporary-" + uuid,
                ".counts-1000._temporary-not-a-uuid", "_counts-1000._temporary-" + uuid);
        for (String other : others) {
            Files.createDirectory(dir.resolve(other));
        }

        newSink();

        assertThat(BatchDirectory.hidden(dir)).containsExactlyInAnyOrderElementsOf(others);
        assertThat(BatchDirectory.visible(dir)).containsExactly("counts-1000");
    }
}
