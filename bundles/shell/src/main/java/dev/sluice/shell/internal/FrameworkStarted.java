package dev.sluice.shell.internal;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;

/** Waits until every bundle of the container's start levels has started. */
final class FrameworkStarted {

    private FrameworkStarted() {
    }

    /** True once the framework has started, false if {@code timeout} passed first. */
    static boolean await(BundleContext context, Duration timeout) throws InterruptedException {
        var started = new CountDownLatch(1);
        FrameworkListener listener = event -> {
            if (event.getType() == FrameworkEvent.STARTED) {
                started.countDown();
            }
        };
        context.addFrameworkListener(listener);
        try {
            // the system bundle turns ACTIVE just before STARTED is sent, so one of the two is seen
            return context.getBundle(0).getState() == Bundle.ACTIVE
                    || started.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            context.removeFrameworkListener(listener);
        }
    }
}
