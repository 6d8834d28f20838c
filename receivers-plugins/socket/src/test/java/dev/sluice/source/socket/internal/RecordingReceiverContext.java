package dev.sluice.source.socket.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.sluice.api.spi.ReceiverContext;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Stands in for the runtime: keeps what a receiver stores and reports, for tests to look at. */
final class RecordingReceiverContext implements ReceiverContext<String> {

    record Restart(String reason, Throwable cause) {
    }

    private final List<String> lines = new ArrayList<>();
    final List<Restart> restarts = new CopyOnWriteArrayList<>();
    final List<String> statuses = new CopyOnWriteArrayList<>();
    final List<String> errors = new CopyOnWriteArrayList<>();
    final AtomicInteger storeListCalls = new AtomicInteger();
    final AtomicInteger storeOneCalls = new AtomicInteger();
    final AtomicInteger storeLinesCalls = new AtomicInteger();
    /** Every byte handed to storeLines, in order. */
    private final ByteArrayOutputStream storedText = new ByteArrayOutputStream();
    volatile boolean stopped;

    @Override
    public synchronized void store(String record) {
        storeOneCalls.incrementAndGet();
        lines.add(record);
    }

    @Override
    public synchronized void store(List<? extends String> records) {
        storeListCalls.incrementAndGet();
        lines.addAll(records);
    }

    /** Keeps the bytes, and the lines as the runtime reads them: cut at '\n', a '\r' before it removed. */
    @Override
    public synchronized void storeLines(byte[] text, int offset, int length) {
        storeLinesCalls.incrementAndGet();
        if (length == 0 || text[offset + length - 1] != '\n') {
            throw new AssertionError("storeLines was given an unfinished line");
        }
        storedText.write(text, offset, length);
        addLines(text, offset, length, lines);
    }

    /** Adds the lines of {@code text[offset, offset + length)} to {@code lines} as the runtime reads them. */
    static void addLines(byte[] text, int offset, int length, List<String> lines) {
        int start = offset;
        for (int i = offset; i < offset + length; i++) {
            if (text[i] == '\n') {
                int end = i > start && text[i - 1] == '\r' ? i - 1 : i;
                lines.add(new String(text, start, end - start, UTF_8));
                start = i + 1;
            }
        }
    }

    @Override
    public void restart(String reason, Throwable cause) {
        restarts.add(new Restart(reason, cause));
    }

    @Override
    public void reportError(String message, Throwable cause) {
        errors.add(message);
    }

    @Override
    public void reportStatus(String status) {
        statuses.add(status);
    }

    @Override
    public boolean isStopped() {
        return stopped;
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    synchronized byte[] storedText() {
        return storedText.toByteArray();
    }

    synchronized int lineCount() {
        return lines.size();
    }
}
