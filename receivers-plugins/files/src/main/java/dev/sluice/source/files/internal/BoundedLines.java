package dev.sluice.source.files.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The UTF-8 lines of a stream, ending in {@code '\n'} (a {@code '\r'} before it is removed), with
 * what binary or broken input brings counted instead of failing or filling the heap: a line longer
 * than the limit is never held whole, its bytes are skipped up to the next {@code '\n'} and it
 * counts as too long; a line of invalid UTF-8 is passed on with U+FFFD for the bad bytes and
 * counts as malformed.
 */
final class BoundedLines {

    private final int maxLineLength;
    private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private byte[] line = new byte[256];
    private int length;
    /** Inside a line that passed the limit: its bytes are skipped up to its end. */
    private boolean skipping;
    private long tooLong;
    private long malformed;

    BoundedLines(int maxLineLength) {
        this.maxLineLength = maxLineLength;
    }

    /** Passes every line of {@code in} to {@code out}, in order. */
    void read(InputStream in, Consumer<? super String> out) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (b == '\n') {
                    endLine(out);
                } else if (!skipping) {
                    add(b);
                }
            }
        }
        if (length > 0 || skipping) {
            endLine(out);
        }
    }

    private void add(byte b) {
        // one byte more than the limit may be a '\r' that ends the line
        if (length > maxLineLength) {
            skipping = true;
            tooLong++;
            length = 0;
            return;
        }
        if (length == line.length) {
            line = Arrays.copyOf(line, Math.min(line.length * 2, maxLineLength + 1));
        }
        line[length++] = b;
    }

    private void endLine(Consumer<? super String> out) {
        if (skipping) {
            skipping = false;
            return;
        }
        int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        length = 0;
        if (end > maxLineLength) {
            tooLong++;
            return;
        }
        out.accept(decode(end));
    }

    private String decode(int end) {
        try {
            return strict.decode(ByteBuffer.wrap(line, 0, end)).toString();
        } catch (CharacterCodingException e) {
            malformed++;
            return new String(line, 0, end, StandardCharsets.UTF_8);
        }
    }

    /** Lines dropped for being longer than the limit. */
    long tooLong() {
        return tooLong;
    }

    /** Lines passed on with U+FFFD in place of invalid UTF-8. */
    long malformed() {
        return malformed;
    }
}
