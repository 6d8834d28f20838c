package dev.sluice.source.socket.internal;

import dev.sluice.api.spi.ReceiverContext;
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

    synchronized int lineCount() {
        return lines.size();
    }
}
