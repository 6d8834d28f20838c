package dev.sluice.runtime.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.StorageLevel;
import dev.sluice.api.spi.Receiver;
import dev.sluice.api.spi.ReceiverContext;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A receiver a test feeds by hand, through the context it was started with. */
public class HandFedReceiver implements Receiver<String> {

    private final CountDownLatch started = new CountDownLatch(1);
    private final StorageLevel level;
    private volatile ReceiverContext<String> context;

    public HandFedReceiver() {
        this(StorageLevel.MEMORY_AND_DISK_SER);
    }

    /** At {@code level}: a {@code _2} level makes its blocks durable in the write-ahead log. */
    public HandFedReceiver(StorageLevel level) {
        this.level = level;
    }

    @Override
    public void onStart(ReceiverContext<String> ctx) {
        context = ctx;
        started.countDown();
    }

    @Override
    public void onStop() {
    }

    @Override
    public StorageLevel storageLevel() {
        return level;
    }

    public ReceiverContext<String> awaitStarted() throws InterruptedException {
        assertThat(started.await(30, TimeUnit.SECONDS)).as("receiver started").isTrue();
        return context;
    }
}
