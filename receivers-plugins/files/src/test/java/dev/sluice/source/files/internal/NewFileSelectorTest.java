package dev.sluice.source.files.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class NewFileSelectorTest {

    private static final long INTERVAL = 1_000;
    private static final long REMEMBER = 5_000;
    private static final long START = 0;

    /**
     * Random arrivals against the obvious model: a file that shows up in the listing of batch k
     * with a modification time no older than the remember window allows is read by batch k, or by
     * the first batch at or after its modification time, and by no other batch.
     */
    @RepeatedTest(20)
    void shouldTakeEveryArrivingFileInExactlyOneBatch() {
        var random = new Random();
        var selector = new NewFileSelector(REMEMBER, START);
        var listing = new ArrayList<ListedFile>();
        var expectedBatch = new HashMap<String, Long>();
        var takenBy = new HashMap<String, List<Long>>();

        for (long t = INTERVAL; t <= 100 * INTERVAL; t += INTERVAL) {
            int arrivals = random.nextInt(4);
            for (int i = 0; i < arrivals; i++) {
                // behind the batch by less than the window allows, or up to two batches ahead of it
                long modified = t - random.nextInt((int) (REMEMBER - INTERVAL)) + random.nextInt(3) * INTERVAL;
                var file = new ListedFile(new Path("/in/f" + listing.size()), Math.max(modified, START + 1), 1);
                listing.add(file);
                expectedBatch.put(file.path().toString(), Math.max(t, ceilToBatch(file.modificationTime())));
            }
            for (ListedFile f : selector.select(t, List.copyOf(listing))) {
                takenBy.computeIfAbsent(f.path().toString(), n -> new ArrayList<>()).add(t);
            }
        }

        expectedBatch.forEach((name, batch) -> {
            if (batch <= 100 * INTERVAL) {
                assertThat(takenBy.get(name)).as(name).containsExactly(batch);
            }
        });
    }

    @Test
    void shouldForgetFilesOnceTheirModificationTimeAndBatchLeaveTheWindow() {
        var selector = new NewFileSelector(REMEMBER, START);
        var listing = List.of(file("a", 500), file("b", 1_500));

        assertThat(selector.select(1_000, listing)).extracting(f -> f.path().getName()).containsExactly("a");
        assertThat(selector.select(2_000, listing)).extracting(f -> f.path().getName()).containsExactly("b");
        assertThat(selector.remembered()).isEqualTo(2);

        assertThat(selector.select(5_000, listing)).isEmpty();
        assertThat(selector.remembered()).isEqualTo(2);
        assertThat(selector.select(6_000, listing)).isEmpty();
        assertThat(selector.remembered()).as("a (modified 500, taken by 1000) is behind 6000 - 5000 both ways").isEqualTo(1);
        assertThat(selector.select(7_000, listing)).isEmpty();
        assertThat(selector.remembered()).isZero();
    }

    @Test
    void shouldRememberWhichBatchTookAFileForAsLongAsARecoveryMayReplayThatBatch() throws Exception {
        var selector = new NewFileSelector(REMEMBER, START);
        var listing = List.of(file("a", 500), file("b", 1_500));
        selector.replayHorizon(0);
        selector.select(1_000, listing);
        selector.select(2_000, listing);

        selector.select(7_000, listing);
        assertThat(selector.remembered()).as("both out of the remember window, but batch 1000 may be replayed")
                .isEqualTo(2);
        selector.replayHorizon(1_000);
        selector.select(8_000, listing);
        assertThat(selector.remembered()).as("batch 1000 is no longer replayed: a goes").isEqualTo(1);
        var restored = NewFileSelector.restore(REMEMBER, selector.progress());
        assertThat(restored.select(2_000, listing)).as("a replay of batch 2000 from the progress")
                .extracting(f -> f.path().getName()).containsExactly("b");
    }

    @Test
    void shouldNotReadAFileAgainWhenItIsChangedAfterBeingRead() {
        var selector = new NewFileSelector(REMEMBER, START);
        assertThat(selector.select(1_000, List.of(file("a", 500)))).hasSize(1);

        assertThat(selector.select(2_000, List.of(file("a", 1_800)))).isEmpty();
        assertThat(selector.select(6_000, List.of(file("a", 1_800)))).isEmpty();
    }

    @Test
    void shouldTakeFilesOlderThanTheWindowOnlyInTheFirstBatchWhenNotOnlyNewFiles() {
        var selector = new NewFileSelector(REMEMBER, Long.MIN_VALUE);
        var listing = List.of(file("ancient", -1_000_000), file("recent", -3_500));

        assertThat(selector.select(1_000, listing)).hasSize(2);
        assertThat(selector.select(2_000, listing)).isEmpty();
        assertThat(selector.remembered()).as("kept while their batch may be replayed").isEqualTo(2);
        assertThat(selector.select(1_000 + REMEMBER, listing)).isEmpty();
        assertThat(selector.remembered()).as("they and their batch are older than the window now").isZero();
    }

    private static ListedFile file(String name, long modified) {
        return new ListedFile(new Path("/in/" + name), modified, 1);
    }

    private static long ceilToBatch(long time) {
        return Math.floorDiv(time + INTERVAL - 1, INTERVAL) * INTERVAL;
    }

    /**
     * Restored from its progress, a selector gives the batches it had selected exactly their files
     * again, even with a late file listed now that one of them would otherwise take, and goes on
     * with the later batches as the one that wrote the progress would have.
     */
    @Test
    void shouldReplayItsBatchesAndGoOnAfterRestoringItsProgress() throws Exception {
        var listing = new ArrayList<>(List.of(file("old", -10), file("a", 500), file("b", 1_500)));
        var running = new NewFileSelector(REMEMBER, START);
        var firstTime = List.of(running.select(1_000, listing), running.select(2_000, listing));
        byte[] progress = running.progress();
        listing.add(file("late", 700));
        listing.add(file("c", 2_500));
        listing.add(file("d", 3_500));

        var restored = NewFileSelector.restore(REMEMBER, progress);
        assertThat(restored.select(1_000, listing)).as("batch 1 again").isEqualTo(firstTime.get(0));
        assertThat(restored.select(2_000, listing)).as("batch 2 again").isEqualTo(firstTime.get(1));
        assertThat(restored.takenBy(2_000)).containsExactly("/in/b");
        for (long t = 3_000; t <= 4_000; t += INTERVAL) {
            assertThat(restored.select(t, listing)).as("batch " + t).isEqualTo(running.select(t, listing));
        }
    }

    @Test
    void shouldRefuseProgressOfAnotherVersion() {
        byte[] progress = new NewFileSelector(REMEMBER, START).progress();
        progress[0] = 9;
        assertThatThrownBy(() -> NewFileSelector.restore(REMEMBER, progress))
                .hasMessageContaining("version 9");
    }

    @Test
    void aFileMovedInJustAfterTheStartIsTakenThoughItsTimeTrailsTheStartAndOneThereBeforeIsNot() {
        long lag = FileBatchSource.FILE_TIME_LAG_MILLIS;
        var selector = new NewFileSelector(REMEMBER, START - lag);
        var there = new ListedFile(new Path("/in/there"), START - 3, 1);
        selector.ignore(List.of(there, new ListedFile(new Path("/in/old"), START - 5 * lag, 1)));
        // moved in after the start, but the file system's coarse clock gave it a time just before it
        var movedIn = new ListedFile(new Path("/in/moved"), START - 2, 1);

        assertThat(selector.select(START + 1000, List.of(there, movedIn))).containsExactly(movedIn);
        assertThat(selector.select(START + 2000, List.of(there, movedIn))).isEmpty();
    }
}
