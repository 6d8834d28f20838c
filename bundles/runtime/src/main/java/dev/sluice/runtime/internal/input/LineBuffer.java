package dev.sluice.runtime.internal.input;

import dev.sluice.runtime.internal.serial.LineText;
import dev.sluice.runtime.internal.serial.RecordSerializer;
import java.util.Arrays;
import java.util.List;

/**
 * The complete lines a receiver stored as bytes since the last block was cut, kept as they arrived
 * (each ending in {@code '\n'}). Reused from block to block, so receiving allocates nothing per
 * line; a block is one copy of it. Not thread-safe: the block generator guards it.
 */
final class LineBuffer {

    private static final int INITIAL_CAPACITY = 64 * 1024;
    /** Cuts in a row that used under a quarter of the buffer before it shrinks: block sizes vary, a burst is rare. */
    private static final int SHRINK_AFTER = 64;

    private byte[] text = new byte[INITIAL_CAPACITY];
    private int length;
    private int lines;
    private int smallCuts;

    void append(byte[] source, int from, int to, int count) {
        int needed = length + (to - from);
        if (needed > text.length) {
            text = Arrays.copyOf(text, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * text.length)));
        }
        System.arraycopy(source, from, text, length, to - from);
        length = needed;
        lines += count;
    }

    boolean isEmpty() {
        return lines == 0;
    }

    int lines() {
        return lines;
    }

    /** The buffered lines as a block's serialized bytes. */
    byte[] toBlock() {
        return RecordSerializer.linesToBytes(text, 0, length, lines);
    }

    /** The buffered lines as strings, for a receiver that goes on with single records. */
    List<Object> toStrings() {
        return LineText.read(text, 0, length, lines);
    }

    /** Empties the buffer; one that grew for a burst shrinks back once blocks have stayed smaller for a while. */
    void clear() {
        smallCuts = text.length > INITIAL_CAPACITY && length < text.length / 4 ? smallCuts + 1 : 0;
        if (smallCuts >= SHRINK_AFTER) {
            text = new byte[Math.max(INITIAL_CAPACITY, text.length / 2)];
            smallCuts = 0;
        }
        length = 0;
        lines = 0;
    }
}
