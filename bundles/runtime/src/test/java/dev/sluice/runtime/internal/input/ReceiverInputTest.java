package dev.sluice.runtime.internal.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import dev.sluice.api.DStream;
import dev.sluice.api.InvalidGraphException;
import dev.sluice.api.StorageLevel;
import dev.sluice.api.StreamingSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import dev.sluice.api.listener.ReceiverInfo;
import dev.sluice.api.listener.StreamingListener;
import dev.sluice.api.spi.Receiver;
import dev.sluice.api.spi.ReceiverContext;
import dev.sluice.runtime.testkit.HandFedReceiver;
import dev.sluice.runtime.testkit.StreamTestKit;
import org.junit.jupiter.api.Test;

class ReceiverInputTest {

    private static long filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    @Test
    void aReplicatedLevelLogsEachBlockBeforeStoreReturnsAndDropsTheLogOnceItsBatchesAreDone(@TempDir Path checkpoint)
            throws Exception {
        var receiver = new HandFedReceiver(StorageLevel.MEMORY_AND_DISK_SER_2);
        var settings = StreamingSettings.of("local[2]", "durable", Duration.ofSeconds(1))
                .with("receiver.writeAheadLog.rollInterval", "2s");
        try (var kit = new StreamTestKit(settings, StreamTestKit.NO_PLUGINS)) {
            kit.context().checkpoint(checkpoint.toString());
            var out = kit.output(kit.context().receiverStream(receiver));
            kit.start();
            var ctx = receiver.awaitStarted();
            Path logs = checkpoint.resolve("receivedData/receiverStream-0");

            ctx.store(List.of("a", "b"));
            try (Stream<Path> files = Files.list(logs)) {
                long logged = Files.size(files.findFirst().orElseThrow());
                assertThat(logged).as("the block is in the log when store returns").isGreaterThan(8);
            }

            for (int batch = 1; batch <= 10; batch++) {
                ctx.store(List.of("x" + batch));
                kit.runBatch();
            }

            assertThat(out.at(kit.batchTime(1))).containsExactly("a", "b", "x1");
            assertThat(out.at(kit.batchTime(10))).containsExactly("x10");
            // a logged block goes once its batch is done and no kept checkpoint replays it
            awaitCheckpointOf(kit, kit.batchTime(10));
            kit.runBatch();
            assertThat(filesUnder(logs)).as("rolled files whose batches are done are gone").isLessThanOrEqualTo(3);
        }
    }

    private static void awaitCheckpointOf(StreamTestKit kit, dev.sluice.api.Time completed) throws InterruptedException {
        var checkpointer = kit.context().run().checkpointer().orElseThrow();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (checkpointer.latest().filter(c -> !c.lastCompleted().isBefore(completed)).isEmpty()) {
            assertThat(System.nanoTime()).as("a checkpoint of batch " + completed).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** A record type the application did not register for serialization. */
    record Unregistered(int n) {
    }

    @Test
    void recordsThatCannotBeSerializedAreKeptAsObjectsNotLost() throws Exception {
        var ctx = new java.util.concurrent.atomic.AtomicReference<ReceiverContext<Unregistered>>();
        var started = new CountDownLatch(1);
        Receiver<Unregistered> receiver = new Receiver<>() {
            @Override
            public void onStart(ReceiverContext<Unregistered> context) {
                ctx.set(context);
                started.countDown();
            }

            @Override
            public void onStop() {
            }
        };
        try (var kit = new StreamTestKit(Duration.ofSeconds(1), 2)) {
            var out = kit.output(kit.context().receiverStream(receiver));
            kit.start();
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            ctx.get().store(new Unregistered(1));
            ctx.get().store(List.of(new Unregistered(2), new Unregistered(3)));
            // the block timer cuts (and would serialize) a block before the batch
            kit.clock().advance(200);
            ctx.get().store(new Unregistered(4));

            kit.runBatch();

            assertThat(out.at(kit.batchTime(1))).containsExactly(new Unregistered(1), new Unregistered(2),
                    new Unregistered(3), new Unregistered(4));
        }
    }

    @Test
    void aReplicatedLevelWithoutACheckpointDirectoryIsRefusedWithTheFix() {
        try (var kit = new StreamTestKit(Duration.ofSeconds(1), 1)) {
            kit.output(kit.context().receiverStream(new HandFedReceiver(StorageLevel.MEMORY_AND_DISK_SER_2)));

            assertThatThrownBy(kit::start).isInstanceOf(InvalidGraphException.class)
                    .hasMessageContaining("stores at MEMORY_AND_DISK_SER_2")
                    .hasMessageContaining("set one with ssc.checkpoint(directory)");
        }
    }

    @Test
    void aStoredListIsABlockOfItsOwnInOrderStoredWhenStoreReturns() throws Exception {
        var receiver = new HandFedReceiver();
        try (var kit = new StreamTestKit(Duration.ofSeconds(1), 2)) {
            var out = kit.output(kit.context().receiverStream(receiver));
            kit.start();
            var ctx = receiver.awaitStarted();
            ctx.store("a");
            var list = new ArrayList<>(List.of("b", "c"));
            ctx.store(list);

            // stored (the buffered record before it cut into a block first), and the list is not kept
            assertThat(kit.context().blockStore().blockCount()).isEqualTo(2);
            list.clear();
            ctx.store("d");
            kit.runBatch();

            assertThat(out.at(kit.batchTime(1))).containsExactly("a", "b", "c", "d");
        }
    }

    @Test
    void shouldPutEverythingStoredBeforeABatchTimeIntoThatBatch() throws Exception {
        var receiver = new HandFedReceiver();
        try (var kit = new StreamTestKit(Duration.ofSeconds(1), 2)) {
            var out = kit.output(kit.context().receiverStream(receiver));
            kit.start();
            var ctx = receiver.awaitStarted();
            ctx.store("a");
            ctx.store(List.of("b", "c"));
            kit.runBatch();
            ctx.store("d");
            kit.runBatch();
            kit.runBatch();
            assertThat(out.at(kit.batchTime(1))).containsExactly("a", "b", "c");
            assertThat(out.at(kit.batchTime(2))).containsExactly("d");
            assertThat(out.at(kit.batchTime(3))).isEmpty();
        }
    }

    @Test
    void aBlockIntervalEqualToTheBatchMakesEachBatchOneBlockWhileLinesKeepComing() throws Exception {
        var receiver = new HandFedReceiver();
        var settings = StreamingSettings.of("local[2]", "oneBlock", Duration.ofSeconds(1)).with("blockInterval", "1s");
        var partitions = new java.util.concurrent.ConcurrentHashMap<dev.sluice.api.Time, Integer>();
        try (var kit = new StreamTestKit(settings, StreamTestKit.NO_PLUGINS)) {
            DStream<String> lines = kit.context().receiverStream(receiver);
            lines.foreach((batch, time) -> partitions.put(time, batch.numPartitions()));
            var out = kit.output(lines);
            kit.start();
            var ctx = receiver.awaitStarted();
            var stop = new java.util.concurrent.atomic.AtomicBoolean();
            var written = new AtomicInteger();
            // lines keep coming while the block timer and the batch both reach each batch time
            var writer = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    byte[] line = (i + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    ctx.storeLines(line, 0, line.length);
                    written.set(i + 1); // counted once stored
                    java.util.concurrent.locks.LockSupport.parkNanos(20_000); // a pace, not a wait for anything
                }
            });
            writer.start();
            for (int batch = 1; batch <= 10; batch++) {
                int before = written.get();
                StreamTestKit.await("a line stored for batch " + batch, () -> written.get() > before);
                kit.runBatch();
            }
            stop.set(true);
            writer.join();
            kit.runBatch();

            for (int batch = 1; batch <= 10; batch++) {
                assertThat(partitions.get(kit.batchTime(batch))).as("blocks of batch %d", batch).isEqualTo(1);
            }
            var received = new ArrayList<String>();
            for (int batch = 1; batch <= 11; batch++) {
                received.addAll(out.at(kit.batchTime(batch)));
            }
            assertThat(received).as("every line, in order").hasSize(written.get())
                    .isEqualTo(java.util.stream.IntStream.range(0, written.get()).mapToObj(String::valueOf).toList());
        }
    }

    @Test
    void shouldDropBlocksOnceTheirBatchIsDone() throws Exception {
        var receiver = new HandFedReceiver();
        try (var kit = new StreamTestKit(Duration.ofSeconds(1), 2)) {
            var sizes = new CopyOnWriteArrayList<Long>();
            var blocksDuringBatch = new CopyOnWriteArrayList<Integer>();
            kit.context().receiverStream(receiver).foreach(batch -> {
                sizes.add(batch.count());
                blocksDuringBatch.add(kit.context().blockStore().blockCount());
            });
            kit.start();
            var ctx = receiver.awaitStarted();
            var storeCounts = new ArrayList<Integer>();
            for (int b = 0; b < 200; b++) {
                for (int i = 0; i < 10; i++) {
                    ctx.store("r" + i);
                }
                kit.runBatch();
                storeCounts.add(kit.context().blockStore().blockCount());
            }
            assertThat(sizes).hasSize(200).containsOnly(10L);
            assertThat(blocksDuringBatch).allSatisfy(n -> assertThat(n).isPositive());
            assertThat(storeCounts).containsOnly(0);
            assertThat(kit.context().graph().retainedDatasets()).isZero();
        }
    }

    @Test
    void shouldRestartAFailingReceiverWithBackoff() throws Exception {
        var attempts = new AtomicInteger();
        var errors = new CopyOnWriteArrayList<ReceiverInfo>();
        var running = new CountDownLatch(1);
        Receiver<String> flaky = new Receiver<>() {
            @Override
            public void onStart(ReceiverContext<String> ctx) {
                if (attempts.incrementAndGet() < 3) {
                    throw new IllegalStateException("connection refused, attempt " + attempts.get());
                }
                ctx.reportStatus("connected");
                running.countDown();
            }

            @Override
            public void onStop() {
            }

            @Override
            public String description() {
                return "flaky";
            }
        };
        var settings = new StreamingSettings("t", Duration.ofSeconds(1), 1, null).with("receiverMaxBackoff", "40ms");
        try (var kit = new StreamTestKit(settings, StreamTestKit.NO_PLUGINS)) {
            kit.context().addStreamingListener(new StreamingListener() {
                @Override
                public void onReceiverError(ReceiverInfo receiver) {
                    errors.add(receiver);
                }
            });
            kit.output(kit.context().receiverStream(flaky));
            kit.start();
            // the back-off between restarts runs on the context's clock: move it on until the third attempt runs
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!running.await(10, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline) {
                kit.clock().advance(40);
            }
            assertThat(running.getCount()).as("the receiver's third attempt runs").isZero();
            var info = kit.context().graph().inputs().get(0).receiverInfo().orElseThrow();
            assertThat(info.status()).isEqualTo("connected");
            assertThat(info.lastError()).hasValueSatisfying(e -> assertThat(e).contains("attempt 2"));
        }
        assertThat(attempts).hasValue(3);
        assertThat(errors).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(e -> assertThat(e.description()).isEqualTo("flaky"));
    }
}
