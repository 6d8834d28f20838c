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

        splitter.split(bytes, lines);

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
        assertThat(splitter.partialCapacity()).isLessThanOrEqualTo(1001);
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

        splitter.finish(lines);
        splitter.finish(lines);

        assertThat(lines).containsExactly("a", "last");
    }

    @Test
    void shouldNotDeliverAnOversizedUnfinishedLineWhenFinished() {
        var splitter = new LineSplitter(3, "test");
        feed(splitter, "abcdef");

        splitter.finish(lines);

        assertThat(lines).isEmpty();
        assertThat(splitter.droppedLines()).isEqualTo(1);
    }

    @Test
    void shouldSplitDirectBuffersToo() {
        var splitter = new LineSplitter(1024, "test");

        for (String chunk : List.of("a\nb", "c\n", "d\n")) {
            ByteBuf direct = Unpooled.directBuffer().writeBytes(chunk.getBytes(UTF_8));
            splitter.split(direct, lines);
            direct.release();
        }

        assertThat(lines).containsExactly("a", "bc", "d");
    }

    private void feed(LineSplitter splitter, String text) {
        feed(splitter, text.getBytes(UTF_8));
    }

    private void feed(LineSplitter splitter, byte[] bytes) {
        ByteBuf buf = HEAP.heapBuffer(bytes.length).writeBytes(bytes);
        try {
            splitter.split(buf, lines);
            assertThat(buf.isReadable()).isFalse();
        } finally {
            buf.release();
        }
    }
}
