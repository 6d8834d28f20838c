package dev.sluice.runtime.internal.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.StorageLevel;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.Time;
import dev.sluice.runtime.testkit.HandFedReceiver;
import dev.sluice.runtime.testkit.StreamTestKit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Received blocks that reached the write-ahead log before a crash are processed after it, each in its batch. */
class ReceivedDataRecoveryTest {

    private static StreamTestKit kit(Path checkpoint, HandFedReceiver receiver, long startMillis, CountDownLatch hold,
                                     List<StreamTestKit.Output<String>> out) {
        var kit = new StreamTestKit(StreamingSettings.of("local[2]", "received", Duration.ofSeconds(1)),
                StreamTestKit.NO_PLUGINS);
        kit.clock().advance(startMillis);
        kit.context().checkpoint(checkpoint.toString());
        var stream = kit.context().receiverStream(receiver);
        out.add(kit.output(stream));
        if (hold != null) {
            stream.foreach((batch, time) -> {
                if (time.millis() == 2000) {
                    try {
                        hold.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
        }
        return kit;
    }

    @Test
    void loggedBlocksOfThePendingBatchAndThoseNotYetInAnyBatchAreProcessedAfterACrash(
            @TempDir Path checkpoint, @TempDir Path crashImage) throws Exception {
        var hold = new CountDownLatch(1);
        var before = new java.util.ArrayList<StreamTestKit.Output<String>>();
        var receiver = new HandFedReceiver(StorageLevel.MEMORY_AND_DISK_SER_2);
        var crashed = kit(checkpoint, receiver, 0, hold, before);
        try {
            crashed.start();
            var ctx = receiver.awaitStarted();
            ctx.store(List.of("a", "b"));
            crashed.runBatch();
            ctx.store(List.of("c"));
            crashed.clock().advance(1000);
            awaitPending(crashed, new Time(2000));
            ctx.store(List.of("d", "e"));
            CrashImage.of(checkpoint, crashImage);

            var after = new java.util.ArrayList<StreamTestKit.Output<String>>();
            var restarted = new HandFedReceiver(StorageLevel.MEMORY_AND_DISK_SER_2);
            var recovered = kit(crashImage, restarted, 2_500, null, after);
            recovered.start();
            recovered.awaitBatch();
            assertThat(after.get(0).all()).as("the pending batch, with its own blocks")
                    .containsOnlyKeys(new Time(2000)).containsEntry(new Time(2000), List.of("c"));
            restarted.awaitStarted().store(List.of("f"));
            recovered.runBatch();
            assertThat(after.get(0).at(new Time(3000))).as("logged but in no batch yet, then new data")
                    .containsExactly("d", "e", "f");
            recovered.close();
        } finally {
            hold.countDown();
            crashed.close();
        }
        assertThat(before.get(0).at(new Time(1000))).containsExactly("a", "b");
    }

    private static void awaitPending(StreamTestKit kit, Time batch) throws InterruptedException {
        var checkpointer = kit.context().run().checkpointer().orElseThrow();
        RecoveryTest.await("a checkpoint with batch " + batch + " pending",
                () -> checkpointer.latest().filter(c -> c.pending().contains(batch)).isPresent());
    }
}
