package dev.sluice.runtime.internal.scheduler;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import dev.sluice.api.listener.ReceiverInfo;
import dev.sluice.api.listener.StreamingListener;
import dev.sluice.runtime.internal.graph.ReceiverEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers events to listeners in order on one thread of its own, so a slow listener never holds up batches. */
public final class ListenerBus implements ReceiverEvents {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerBus.class);

    private final List<StreamingListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService thread;

    public ListenerBus(String name) {
        thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name + "-listener-bus");
            t.setDaemon(true);
            return t;
        });
    }

    public void add(StreamingListener listener) {
        listeners.add(listener);
    }

    public void post(Consumer<StreamingListener> event) {
        try {
            thread.execute(() -> {
                for (StreamingListener l : listeners) {
                    try {
                        event.accept(l);
                    } catch (RuntimeException | LinkageError e) {
                        LOG.warn("Streaming listener {} failed; it keeps receiving events", l, e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Event after the listener bus stopped is dropped");
        }
    }

    @Override
    public void started(ReceiverInfo info) {
        post(l -> l.onReceiverStarted(info));
    }

    @Override
    public void error(ReceiverInfo info) {
        post(l -> l.onReceiverError(info));
    }

    @Override
    public void stopped(ReceiverInfo info) {
        post(l -> l.onReceiverStopped(info));
    }

    /** Delivers what is queued (waiting a little), then stops. */
    public void stop() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
