package dev.sluice.source.socket.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    private static final ByteBufAllocator HEAP = new PooledByteBufAllocator(false);

    private final List<String> lines = new ArrayList<>();
    /** Each run handed on, as its bytes. */
    private final List<String> runs = new ArrayList<>();
    /** Keeps each run and its lines as the runtime reads them. */
    private final LineSplitter.Sink sink = (text, offset, length) -> {
        assertThat(text[offset + length - 1]).as("a run ends in a newline").isEqualTo((byte) '\n');
        runs.add(new String(text, offset, length, UTF_8));
        RecordingReceiverContext.addLines(text, offset, length, lines);
    };

    @Test
    void shouldJoinLinesThatSpanBufferBoundaries() {
        var splitter = new LineSplitter(1024, "test");

        feed(splitter, "hel");
        feed(splitter, "lo\nwor");
        assertThat(lines).containsExactly("hello");
        feed(splitter, "ld\n!\n");

        assertThat(lines).containsExactly("hello", "world", "!");
    }

    @Test
    void shouldReadTheWholeBufferFromItsReaderIndex() {
        var splitter = new LineSplitter(1024, "test");
        ByteBuf bytes = HEAP.heapBuffer().writeBytes("skipped\nkept\npart".getBytes(UTF_8));
        bytes.readerIndex("skipped\n".length());

        splitter.split(bytes, sink);

        assertThat(lines).containsExactly("kept");
        assertThat(bytes.isReadable()).isFalse();
        bytes.release();
    }

    @Test
    void shouldRemoveTheCarriageReturnBeforeANewline() {
        var splitter = new LineSplitter(1024, "test");

        feed(splitter, "a\r\nb\r");
        feed(splitter, "\nc\r\rd\n");

        assertThat(lines).containsExactly("a", "b", "c\r\rd");
    }

    @Test
    void shouldKeepEmptyLines() {
        var splitter = new LineSplitter(1024, "test");

        feed(splitter, "\n\r\na\n\n");

        assertThat(lines).containsExactly("", "", "a", "");
    }

    @Test
    void shouldDropLinesLongerThanTheLimitAndKeepTheFollowingOnes() {
        var splitter = new LineSplitter(8, "test");

        feed(splitter, "short\n0123456789abc\nnext\n");

        assertThat(lines).containsExactly("short", "next");
        assertThat(splitter.droppedLines()).isEqualTo(1);
    }

    @Test
    void shouldDropALongLineSpreadOverManyReadsWithoutHoldingIt() {
        var splitter = new LineSplitter(1000, "test");

        feed(splitter, "before\n");
        for (int i = 0; i < 1000; i++) {
            feed(splitter, "x".repeat(64));
        }
        feed(splitter, "xx\nafter\n");

        assertThat(lines).containsExactly("before", "after");
        assertThat(splitter.droppedLines()).isEqualTo(1);
        // the limit, a '\r' and the '\n' at most, not the 64,000 bytes of the line
        assertThat(splitter.partialCapacity()).isLessThanOrEqualTo(1002);
    }

    @Test
    void shouldKeepALineOfExactlyTheLimitEvenWhenItsCarriageReturnArrivesSeparately() {
        var splitter = new LineSplitter(5, "test");

        feed(splitter, "abc");
        feed(splitter, "de\r");
        feed(splitter, "\nabcdef\n12345\n");

        assertThat(lines).containsExactly("abcde", "12345");
        assertThat(splitter.droppedLines()).isEqualTo(1);
    }

    @Test
    void shouldCountEachDroppedLineOnce() {
        var splitter = new LineSplitter(4, "test");

        feed(splitter, "toolong");
        feed(splitter, "still");
        feed(splitter, "\nok\nalso too long\n");

        assertThat(lines).containsExactly("ok");
        assertThat(splitter.droppedLines()).isEqualTo(2);
    }

    @Test
    void shouldReplaceInvalidUtf8InsteadOfFailing() {
        var splitter = new LineSplitter(1024, "test");

        feed(splitter, new byte[] {'a', (byte) 0xFF, 'b', '\n', (byte) 0xC3, '\n'});

        assertThat(lines).containsExactly("a\uFFFDb", "\uFFFD");
    }

    @Test
    void shouldDecodeACharacterSplitBetweenReads() {
        var splitter = new LineSplitter(1024, "test");

        feed(splitter, new byte[] {'c', 'a', 'f', (byte) 0xC3});
        feed(splitter, new byte[] {(byte) 0xA9, '\n'});

        assertThat(lines).containsExactly("café");
    }

    @Test
    void shouldDeliverTheUnfinishedLastLineOnlyOnceWhenFinished() {
        var splitter = new LineSplitter(1024, "test");
        feed(splitter, "a\nlast\r");

        splitter.finish(sink);
        splitter.finish(sink);

        assertThat(lines).containsExactly("a", "last");
    }

    @Test
    void shouldNotDeliverAnOversizedUnfinishedLineWhenFinished() {
        var splitter = new LineSplitter(3, "test");
        feed(splitter, "abcdef");

        splitter.finish(sink);

        assertThat(lines).isEmpty();
        assertThat(splitter.droppedLines()).isEqualTo(1);
    }

    @Test
    void shouldSplitDirectBuffersToo() {
        var splitter = new LineSplitter(1024, "test");

        for (String chunk : List.of("a\nb", "c\n", "d\n")) {
            ByteBuf direct = Unpooled.directBuffer().writeBytes(chunk.getBytes(UTF_8));
            splitter.split(direct, sink);
            direct.release();
        }

        assertThat(lines).containsExactly("a", "bc", "d");
    }

    @Test
    void shouldHandOnTheCompleteLinesOfAReadAsOneRunOfItsBytes() {
        var splitter = new LineSplitter(1024, "test");

        feed(splitter, "one\ntwo\r\nthree\nfou");
        feed(splitter, "r\nfive\n");

        assertThat(runs).containsExactly("one\ntwo\r\nthree\n", "four\n", "five\n");
        assertThat(lines).containsExactly("one", "two", "three", "four", "five");
    }

    @Test
    void shouldHandOnTheRunsAroundALineOverTheLimitWithinOneRead() {
        var splitter = new LineSplitter(5, "test");

        feed(splitter, "ab\ncd\r\n123456\nef\n12345\r\n1234567\n");

        assertThat(runs).containsExactly("ab\ncd\r\n", "ef\n12345\r\n");
        assertThat(lines).containsExactly("ab", "cd", "ef", "12345");
        assertThat(splitter.droppedLines()).isEqualTo(2);
    }

    @Test
    void shouldHandOnInvalidUtf8AsItsBytes() {
        var splitter = new LineSplitter(1024, "test");
        byte[] received = {'a', (byte) 0xFF, 'b', '\n', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '\n'};
        var handed = new java.io.ByteArrayOutputStream();

        ByteBuf buf = HEAP.heapBuffer().writeBytes(received);
        splitter.split(buf, (text, offset, length) -> {
            handed.write(text, offset, length);
            sink.store(text, offset, length);
        });
        buf.release();

        assertThat(handed.toByteArray()).isEqualTo(received);
        // the strings a batch reads are the JDK's decoding, as the receiver made them before
        assertThat(lines).containsExactly("a\uFFFDb", new String(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, UTF_8));
    }

    private void feed(LineSplitter splitter, String text) {
        feed(splitter, text.getBytes(UTF_8));
    }

    private void feed(LineSplitter splitter, byte[] bytes) {
        ByteBuf buf = HEAP.heapBuffer(bytes.length).writeBytes(bytes);
        try {
            splitter.split(buf, sink);
            assertThat(buf.isReadable()).isFalse();
        } finally {
            buf.release();
        }
    }
}
