package dev.sluice.source.socket.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns received bytes into UTF-8 lines ending in {@code '\n'} (a {@code '\r'} before it is removed).
 * A partial line is kept across reads. A line longer than the limit is never held whole: once it
 * passes the limit its bytes are skipped up to the next {@code '\n'} and it counts as dropped.
 * Invalid UTF-8 becomes U+FFFD. One per connection, used by one thread.
 */
final class LineSplitter {

    private static final Logger LOG = LoggerFactory.getLogger(LineSplitter.class);
    private static final int INITIAL_PARTIAL_CAPACITY = 256;

    private final int maxLineLength;
    private final String source;
    private final AtomicLong droppedLines;

    private byte[] partial;
    private int partialLength;
    /** Inside a line that already passed the limit and was counted; bytes are skipped up to its end. */
    private boolean discarding;

    LineSplitter(int maxLineLength, String source) {
        this(maxLineLength, source, new AtomicLong());
    }

    /** @param droppedLines counts dropped lines; shared so that a receiver can total them over its connections */
    LineSplitter(int maxLineLength, String source, AtomicLong droppedLines) {
        if (maxLineLength < 1) {
            throw new IllegalArgumentException("maxLineLength must be positive, got " + maxLineLength);
        }
        this.maxLineLength = maxLineLength;
        this.source = source;
        this.droppedLines = droppedLines;
        this.partial = new byte[Math.min(INITIAL_PARTIAL_CAPACITY, maxLineLength + 1)];
    }

    /** Adds the lines that {@code bytes} completes to {@code lines} and keeps the rest; reads all of {@code bytes}. */
    void split(ByteBuf bytes, List<String> lines) {
        int index = bytes.readerIndex();
        int end = bytes.writerIndex();
        while (index < end) {
            int lf = bytes.forEachByte(index, end - index, ByteProcessor.FIND_LF);
            if (lf < 0) {
                keepPartial(bytes, index, end - index);
                break;
            }
            endLine(bytes, index, lf - index, lines);
            index = lf + 1;
        }
        bytes.readerIndex(end);
    }

    /** Adds the unfinished last line, if any, to {@code lines}: the connection ended and its bytes were accepted. */
    void finish(List<String> lines) {
        if (partialLength > 0 && !discarding) {
            emit(partial, 0, partialLength, lines);
        }
        partialLength = 0;
        discarding = false;
    }

    long droppedLines() {
        return droppedLines.get();
    }

    /** Bytes reserved for the partial line; stays within {@code maxLineLength + 1} however long a line is. */
    int partialCapacity() {
        return partial.length;
    }

    private void endLine(ByteBuf bytes, int from, int length, List<String> lines) {
        if (discarding) {
            discarding = false;
            return;
        }
        if (partialLength == 0 && bytes.hasArray()) {
            // the common case: the whole line is in this buffer, decode it in place
            emit(bytes.array(), bytes.arrayOffset() + from, length, lines);
            return;
        }
        if (!fitsPartial(length)) {
            partialLength = 0;
            drop();
            return;
        }
        append(bytes, from, length);
        emit(partial, 0, partialLength, lines);
        partialLength = 0;
    }

    private void keepPartial(ByteBuf bytes, int from, int length) {
        if (discarding) {
            return;
        }
        if (!fitsPartial(length)) {
            partialLength = 0;
            discarding = true;
            drop();
            return;
        }
        append(bytes, from, length);
    }

    /** One byte over the limit is allowed for a {@code '\r'} that may turn out to end the line. */
    private boolean fitsPartial(int length) {
        return (long) partialLength + length <= (long) maxLineLength + 1;
    }

    private void append(ByteBuf bytes, int from, int length) {
        int needed = partialLength + length;
        if (needed > partial.length) {
            int grown = (int) Math.min(Math.max((long) partial.length * 2, needed), (long) maxLineLength + 1);
            partial = Arrays.copyOf(partial, grown);
        }
        bytes.getBytes(from, partial, partialLength, length);
        partialLength = needed;
    }

    private void emit(byte[] array, int offset, int length, List<String> lines) {
        if (length > 0 && array[offset + length - 1] == '\r') {
            length--;
        }
        if (length > maxLineLength) {
            drop();
            return;
        }
        lines.add(new String(array, offset, length, UTF_8));
    }

    private void drop() {
        long dropped = droppedLines.incrementAndGet();
        LOG.warn("Dropped a line longer than {} bytes (maxLineLength={}) from {}, {} dropped so far; "
                        + "to accept longer lines start the stream with a higher limit, e.g. maxLineLength={}",
                maxLineLength, Sizes.format(maxLineLength), source, dropped,
                Sizes.format(Math.min(4L * maxLineLength, SocketSettings.LARGEST_MAX_LINE_LENGTH)));
    }
}
