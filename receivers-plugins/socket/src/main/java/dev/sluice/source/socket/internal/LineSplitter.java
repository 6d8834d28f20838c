package dev.sluice.source.socket.internal;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts received bytes into runs of complete lines, each ending in {@code '\n'}, handed on as the
 * bytes they are (the runtime makes the strings, {@code '\r'} before a {@code '\n'} removed and
 * invalid UTF-8 as U+FFFD, only when a batch reads them). A read whose lines cannot be over the
 * limit is one run up to its last {@code '\n'}, found from the end; otherwise each line is measured.
 * A partial line is kept across reads. A line longer than the limit is never held whole: once it
 * passes the limit its bytes are skipped up to the next {@code '\n'} and it counts as dropped.
 * One per connection, used by one thread.
 */
final class LineSplitter {

    /** Where complete lines go: {@code text[offset, offset + length)}, ending in {@code '\n'}. */
    @FunctionalInterface
    interface Sink {
        void store(byte[] text, int offset, int length);
    }

    private static final Logger LOG = LoggerFactory.getLogger(LineSplitter.class);
    private static final int INITIAL_PARTIAL_CAPACITY = 256;
    private static final byte[] NEWLINE = {'\n'};

    private final int maxLineLength;
    private final String source;
    private final AtomicLong droppedLines;

    /** The unfinished line; room for the limit, a {@code '\r'} and the {@code '\n'} that ends it. */
    private byte[] partial;
    private int partialLength;
    /** Inside a line that already passed the limit and was counted; bytes are skipped up to its end. */
    private boolean discarding;
    /** Bytes of a buffer without an array (a direct one), copied to be handed on. */
    private byte[] copied = new byte[0];

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
        this.partial = new byte[(int) Math.min(INITIAL_PARTIAL_CAPACITY, maxLineLength + 2L)];
    }

    /** Hands the lines that {@code bytes} completes to {@code sink} and keeps the rest; reads all of {@code bytes}. */
    void split(ByteBuf bytes, Sink sink) {
        int length = bytes.readableBytes();
        byte[] text;
        int from;
        if (bytes.hasArray()) {
            text = bytes.array();
            from = bytes.arrayOffset() + bytes.readerIndex();
        } else {
            if (copied.length < length) {
                copied = new byte[Math.max(length, 2 * copied.length)];
            }
            bytes.getBytes(bytes.readerIndex(), copied, 0, length);
            text = copied;
            from = 0;
        }
        bytes.skipBytes(length);
        split(text, from, from + length, sink);
    }

    /** Hands the unfinished last line, if any, to {@code sink}: the connection ended and its bytes were accepted. */
    void finish(Sink sink) {
        if (partialLength > 0 && !discarding) {
            append(NEWLINE, 0, 1);
            storePartial(sink);
        }
        partialLength = 0;
        discarding = false;
    }

    long droppedLines() {
        return droppedLines.get();
    }

    /** Bytes reserved for the partial line; stays within {@code maxLineLength + 2} however long a line is. */
    int partialCapacity() {
        return partial.length;
    }

    private void split(byte[] text, int from, int to, Sink sink) {
        int start = from;
        if (partialLength > 0 || discarding) {
            int lf = indexOf(text, start, to);
            if (lf < 0) {
                keepPartial(text, start, to);
                return;
            }
            endPartialLine(text, start, lf + 1, sink);
            start = lf + 1;
        }
        int last = lastIndexOf(text, start, to);
        if (last < 0) {
            keepPartial(text, start, to);
            return;
        }
        if (last - start <= maxLineLength) {
            // no line in the run can be over the limit: hand it on whole
            sink.store(text, start, last + 1 - start);
        } else {
            storeMeasured(text, start, last + 1, sink);
        }
        keepPartial(text, last + 1, to);
    }

    /** Hands on {@code text[from, to)} (complete lines) without the lines over the limit. */
    private void storeMeasured(byte[] text, int from, int to, Sink sink) {
        int run = from;
        int line = from;
        while (line < to) {
            int lf = indexOf(text, line, to);
            if (contentLength(text, line, lf) > maxLineLength) {
                if (line > run) {
                    sink.store(text, run, line - run);
                }
                drop();
                run = lf + 1;
            }
            line = lf + 1;
        }
        if (to > run) {
            sink.store(text, run, to - run);
        }
    }

    /** The partial line ends with {@code text[from, end)}, whose last byte is its {@code '\n'}. */
    private void endPartialLine(byte[] text, int from, int end, Sink sink) {
        if (discarding) {
            discarding = false;
            return;
        }
        if (!fitsPartial(end - from, 2)) {
            partialLength = 0;
            drop();
            return;
        }
        append(text, from, end - from);
        storePartial(sink);
    }

    /** Hands on the partial line, which ends in {@code '\n'} now, unless it is over the limit. */
    private void storePartial(Sink sink) {
        int length = partialLength;
        partialLength = 0;
        if (contentLength(partial, 0, length - 1) > maxLineLength) {
            drop();
            return;
        }
        sink.store(partial, 0, length);
    }

    private void keepPartial(byte[] text, int from, int to) {
        if (discarding || from == to) {
            return;
        }
        if (!fitsPartial(to - from, 1)) {
            partialLength = 0;
            discarding = true;
            drop();
            return;
        }
        append(text, from, to - from);
    }

    /**
     * Whether {@code length} more bytes keep the partial line within the limit and {@code allowance}:
     * one byte for a {@code '\r'} that may turn out to end the line, two once its {@code '\n'} is there.
     */
    private boolean fitsPartial(int length, int allowance) {
        return (long) partialLength + length <= (long) maxLineLength + allowance;
    }

    private void append(byte[] text, int from, int length) {
        int needed = partialLength + length;
        if (needed > partial.length) {
            int grown = (int) Math.min(Math.max((long) partial.length * 2, needed), (long) maxLineLength + 2);
            partial = Arrays.copyOf(partial, grown);
        }
        System.arraycopy(text, from, partial, partialLength, length);
        partialLength = needed;
    }

    /** The length of the line {@code text[from, lf)} without a {@code '\r'} before its {@code '\n'}. */
    private static int contentLength(byte[] text, int from, int lf) {
        return lf > from && text[lf - 1] == '\r' ? lf - 1 - from : lf - from;
    }

    private static int indexOf(byte[] text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] text, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (text[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void drop() {
        long dropped = droppedLines.incrementAndGet();
        LOG.warn("Dropped a line longer than {} bytes (maxLineLength={}) from {}, {} dropped so far; "
                        + "to accept longer lines start the stream with a higher limit, e.g. maxLineLength={}",
                maxLineLength, Sizes.format(maxLineLength), source, dropped,
                Sizes.format(Math.min(4L * maxLineLength, SocketSettings.LARGEST_MAX_LINE_LENGTH)));
    }
}
