package dev.sluice.api.spi;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** What the runtime offers a running {@link Receiver}. Every method may be called from any thread. */
@ProviderType
public interface ReceiverContext<T> {

    /** Stores one record; it will be in the current or the next batch. */
    void store(T record);

    /** Stores records in order; returns once they are stored. Cheaper per record than {@link #store(Object)}. */
    void store(List<? extends T> records);

    /**
     * Stores the lines of UTF-8 text in {@code text[offset, offset + length)}, each a {@code String}
     * record, in order: every line ends in {@code '\n'}, and a {@code '\r'} right before it is not
     * part of the line. The records are those {@code store(new String(line, UTF_8))} would store,
     * malformed bytes included (they read as U+FFFD); but the runtime keeps the bytes as they are, so
     * no string is made until a batch reads them. Rate limits count lines. The range must end in
     * {@code '\n'} (keep an unfinished line until its end arrives); returns once the lines are
     * stored, so the array may be reused. Only for receivers of {@code String} records.
     *
     * @throws IllegalArgumentException if the range is out of the array or does not end in {@code '\n'}
     */
    @SuppressWarnings("unchecked")
    default void storeLines(byte[] text, int offset, int length) {
        checkLines(text, offset, length);
        int start = offset;
        for (int i = offset; i < offset + length; i++) {
            if (text[i] == '\n') {
                int end = i > start && text[i - 1] == '\r' ? i - 1 : i;
                store((T) new String(text, start, end - start, UTF_8));
                start = i + 1;
            }
        }
    }

    /** Throws, naming the problem, unless {@code text[offset, offset + length)} is complete lines for {@link #storeLines}. */
    private static void checkLines(byte[] text, int offset, int length) {
        if (offset < 0 || length < 0 || offset > text.length - length) {
            throw new IllegalArgumentException("storeLines: range [" + offset + ", " + offset + " + " + length
                    + ") is outside the array of " + text.length + " bytes");
        }
        if (length > 0 && text[offset + length - 1] != '\n') {
            throw new IllegalArgumentException("storeLines takes complete lines only: the range must end in '\\n';"
                    + " keep the unfinished last line until its end arrives");
        }
    }

    /** Asks the runtime to stop this receiver and start it again after a back-off delay. */
    void restart(String reason, Throwable cause);

    /** Reports a problem that does not stop receiving; shown in the stream's status and logged. */
    void reportError(String message, Throwable cause);

    /** Reports what the receiver is doing, e.g. {@code connected}; shown in the stream's status. */
    void reportStatus(String status);

    /** Whether the receiver has been asked to stop; loops should end when this turns true. */
    boolean isStopped();
}
