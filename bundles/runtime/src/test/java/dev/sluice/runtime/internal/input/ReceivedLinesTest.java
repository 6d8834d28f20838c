package dev.sluice.runtime.internal.input;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.StorageLevel;
import dev.sluice.api.StreamingSettings;
import dev.sluice.runtime.testkit.HandFedReceiver;
import dev.sluice.runtime.testkit.StreamTestKit;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lines a receiver stores as their bytes ({@code storeLines}) against the same lines stored as strings. */
class ReceivedLinesTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** Random lines: ASCII, multi-byte characters, malformed UTF-8, empty lines, '\r' inside and before '\n'. */
    private static byte[] randomText(Random random, int lines) {
        var text = new ByteArrayOutputStream();
        byte[][] pieces = {"word ".getBytes(UTF_8), "café ".getBytes(UTF_8), "\uD83D\uDE00".getBytes(UTF_8),
                {(byte) 0xFF}, {(byte) 0xC3}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {'\r'}, {}};
        for (int i = 0; i < lines; i++) {
            int n = random.nextInt(6);
            for (int k = 0; k < n; k++) {
                text.writeBytes(pieces[random.nextInt(pieces.length)]);
            }
            text.writeBytes(random.nextInt(4) == 0 ? new byte[] {'\r', '\n'} : new byte[] {'\n'});
        }
        return text.toByteArray();
    }

    /** The strings the socket receiver made before it stored bytes: one per line, '\r' before '\n' removed. */
    private static List<String> decodedOneByOne(byte[] text) {
        var lines = new ArrayList<String>();
        int start = 0;
        for (int i = 0; i < text.length; i++) {
            if (text[i] == '\n') {
                int end = i > start && text[i - 1] == '\r' ? i - 1 : i;
                lines.add(new String(text, start, end - start, UTF_8));
                start = i + 1;
            }
        }
        return lines;
    }

    @Test
    void linesStoredAsBytesReadAsTheStringsTheStringPathStores() throws Exception {
        var random = new Random(17);
        byte[] text = randomText(random, 5_000);
        List<String> expected = decodedOneByOne(text);

        var asBytes = new HandFedReceiver();
        var asStrings = new HandFedReceiver();
        try (var kit = new StreamTestKit(Duration.ofSeconds(1), 2)) {
            var bytesOut = kit.output(kit.context().receiverStream(asBytes));
            var stringsOut = kit.output(kit.context().receiverStream(asStrings));
            kit.start();
            var bytesCtx = asBytes.awaitStarted();
            var stringsCtx = asStrings.awaitStarted();
            // in reads of random sizes cut at line ends, as a socket delivers them
            int from = 0;
            while (from < text.length) {
                int to = Math.min(text.length, from + 1 + random.nextInt(4096));
                while (text[to - 1] != '\n') {
                    to++;
                }
                bytesCtx.storeLines(text, from, to - from);
                from = to;
                if (random.nextInt(10) == 0) {
                    kit.clock().advance(200); // the block timer cuts a block
                }
            }
            expected.forEach(stringsCtx::store);

            kit.runBatch();

            List<String> viaBytes = bytesOut.at(kit.batchTime(1));
            assertThat(viaBytes).isEqualTo(stringsOut.at(kit.batchTime(1))).isEqualTo(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(viaBytes.get(i).getBytes(UTF_8)).isEqualTo(expected.get(i).getBytes(UTF_8));
            }
        }
    }

    @Test
    void aBlockOfLinesIsTheirBytesAsReceivedAfterAShortHeader() throws Exception {
        var receiver = new HandFedReceiver(StorageLevel.MEMORY_AND_DISK_SER);
        byte[] text = "one\r\ntwo\nthree\n".getBytes(UTF_8);
        try (var kit = new StreamTestKit(Duration.ofSeconds(1), 2)) {
            var out = kit.output(kit.context().receiverStream(receiver));
            kit.start();
            var ctx = receiver.awaitStarted();
            ctx.storeLines(text, 0, text.length);

            kit.clock().advance(200);
            StreamTestKit.await("the block is cut", () -> kit.context().blockStore().blockCount() == 1);

            // magic, format and a one-byte count, then the text as it came
            assertThat(kit.context().blockStore().memoryUsed()).isEqualTo(5 + text.length);
            kit.runBatch();
            assertThat(out.at(kit.batchTime(1))).containsExactly("one", "two", "three");
        }
    }

    @Test
    void blocksAreCutBetweenLinesAndKeepTheOrderOfLinesAndSingleRecords() throws Exception {
        var receiver = new HandFedReceiver();
        try (var kit = new StreamTestKit(Duration.ofSeconds(1), 2)) {
            var out = kit.output(kit.context().receiverStream(receiver));
            kit.start();
            var ctx = receiver.awaitStarted();
            byte[] first = "a\nb\n".getBytes(UTF_8);
            ctx.storeLines(first, 0, first.length);
            ctx.store("c");
            byte[] second = "xxd\ne\nyy".getBytes(UTF_8);
            ctx.storeLines(second, 2, 2);
            kit.clock().advance(200);
            ctx.storeLines(second, 4, 2);
            ctx.store("f");
            kit.runBatch();
            byte[] third = "g\n".getBytes(UTF_8);
            ctx.storeLines(third, 0, third.length);
            kit.runBatch();

            assertThat(out.at(kit.batchTime(1))).containsExactly("a", "b", "c", "d", "e", "f");
            assertThat(out.at(kit.batchTime(2))).containsExactly("g");
        }
    }

    @Test
    void linesKeptInTheWriteAheadLogAreReadBackAsTheSameStrings(@TempDir Path checkpoint) throws Exception {
        var receiver = new HandFedReceiver(StorageLevel.MEMORY_AND_DISK_SER_2);
        byte[] text = randomText(new Random(3), 300);
        try (var kit = new StreamTestKit(StreamingSettings.of("local[2]", "durable", Duration.ofSeconds(1)),
                StreamTestKit.NO_PLUGINS)) {
            kit.context().checkpoint(checkpoint.toString());
            var out = kit.output(kit.context().receiverStream(receiver));
            kit.start();
            var ctx = receiver.awaitStarted();
            ctx.storeLines(text, 0, text.length);
            kit.clock().advance(200);
            kit.runBatch();

            assertThat(out.at(kit.batchTime(1))).isEqualTo(decodedOneByOne(text));
        }
    }

    @Test
    void anUnfinishedLineIsRefusedNamingTheFix() throws Exception {
        var receiver = new HandFedReceiver();
        try (var kit = new StreamTestKit(Duration.ofSeconds(1), 2)) {
            kit.output(kit.context().receiverStream(receiver));
            kit.start();
            var ctx = receiver.awaitStarted();
            byte[] text = "done\nhalf".getBytes(UTF_8);

            assertThatThrownBy(() -> ctx.storeLines(text, 0, text.length))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must end in '\\n'")
                    .hasMessageContaining("keep the unfinished last line");
            assertThatThrownBy(() -> ctx.storeLines(text, 5, 10))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the array");
        }
    }

    @Test
    void theRateLimitCountsEachLineAsARecord() {
        var limiter = new RateLimiter(1000);
        byte[] text = "x\n".repeat(500).getBytes(UTF_8);
        var steps = new ArrayList<Integer>();
        long before = System.nanoTime();

        // stopped: the limiter reserves the time but does not wait for it
        limiter.acquireLines(text, 0, text.length, () -> true, (t, from, to, lines) -> {
            assertThat(t[to - 1]).isEqualTo((byte) '\n');
            steps.add(lines);
        });

        // 10 ms of the rate a step, and the 500 lines take half a second of it
        assertThat(steps).hasSize(50).allMatch(n -> n == 10);
        long wait = limiter.reserve(1, System.nanoTime());
        assertThat(wait).isLessThanOrEqualTo(SECOND / 2).isGreaterThan(SECOND / 2 - (System.nanoTime() - before));
    }

    @Test
    void withoutALimitTheLinesGoOnInOneStep() {
        var limiter = new RateLimiter(0);
        byte[] text = "a\nbb\r\n\nccc\n".getBytes(UTF_8);
        var steps = new ArrayList<Integer>();

        limiter.acquireLines(text, 0, text.length, () -> false, (t, from, to, lines) -> steps.add(lines));

        assertThat(steps).containsExactly(4);
    }
}
