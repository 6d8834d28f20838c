package dev.sluice.runtime.internal.serial;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Received lines kept as the UTF-8 bytes they arrived as: each line ends in {@code '\n'}, and a
 * {@code '\r'} right before it is not part of the record. A receiver's bytes become a block's
 * serialized text without a string being made; strings are made only when a batch reads them.
 * Newlines are found eight bytes at a time.
 */
public final class LineText {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long LOW_SEVEN = 0x7F7F7F7F7F7F7F7FL;

    private LineText() {
    }

    /** Throws, naming the problem and the fix, unless {@code text[offset, offset + length)} is complete lines. */
    public static void requireCompleteLines(byte[] text, int offset, int length) {
        if (offset < 0 || length < 0 || offset > text.length - length) {
            throw new IllegalArgumentException("storeLines: range [" + offset + ", " + offset + " + " + length
                    + ") is outside the array of " + text.length + " bytes");
        }
        if (length > 0 && text[offset + length - 1] != '\n') {
            throw new IllegalArgumentException("storeLines takes complete lines only: the range must end in '\\n';"
                    + " keep the unfinished last line until its end arrives");
        }
    }

    /** How many {@code '\n'} bytes {@code text[from, to)} holds. */
    public static int countLines(byte[] text, int from, int to) {
        int count = 0;
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            count += Long.bitCount(newlineBits((long) LONGS.get(text, i)));
        }
        for (; i < to; i++) {
            if (text[i] == '\n') {
                count++;
            }
        }
        return count;
    }

    /** The index after the {@code lines}-th {@code '\n'} from {@code from}; {@code to} if there are fewer. */
    public static int skipLines(byte[] text, int from, int to, int lines) {
        int left = lines;
        int i = from;
        while (left > 0 && i + Long.BYTES <= to) {
            long bits = newlineBits((long) LONGS.get(text, i));
            int n = Long.bitCount(bits);
            if (n >= left) {
                for (int k = 1; k < left; k++) {
                    bits &= bits - 1;
                }
                return i + (Long.numberOfTrailingZeros(bits) >>> 3) + 1;
            }
            left -= n;
            i += Long.BYTES;
        }
        for (; left > 0 && i < to; i++) {
            if (text[i] == '\n') {
                left--;
            }
        }
        return left > 0 ? to : i;
    }

    /** The index of the first {@code '\n'} in {@code text[from, to)}, or -1. */
    public static int indexOfNewline(byte[] text, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long bits = newlineBits((long) LONGS.get(text, i));
            if (bits != 0) {
                return i + (Long.numberOfTrailingZeros(bits) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (text[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The first {@code count} lines from {@code from} as strings, each decoded as the JDK decodes UTF-8. */
    public static List<Object> read(byte[] text, int from, int to, int count) {
        var records = new ArrayList<>(count);
        forEach(text, from, to, count, records::add);
        return records;
    }

    /**
     * Hands the first {@code count} lines from {@code from} to {@code out} one by one as strings: a
     * batch reading a block this way holds one line at a time, not the block's lines all at once.
     */
    public static void forEach(byte[] text, int from, int to, int count, Consumer<Object> out) {
        int start = from;
        for (int i = 0; i < count; i++) {
            int lf = indexOfNewline(text, start, to);
            if (lf < 0) {
                throw new IllegalArgumentException("text ends after " + i + " of " + count + " lines");
            }
            int end = lf > start && text[lf - 1] == '\r' ? lf - 1 : lf;
            out.accept(new String(text, start, end - start, UTF_8));
            start = lf + 1;
        }
    }

    /** The high bit of each byte of {@code word} that is {@code '\n'}, no other bit: exact, no false positives. */
    private static long newlineBits(long word) {
        long x = word ^ NEWLINES;
        return ~(((x & LOW_SEVEN) + LOW_SEVEN) | x | LOW_SEVEN);
    }
}
