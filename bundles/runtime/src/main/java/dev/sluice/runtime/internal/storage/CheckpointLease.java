package dev.sluice.runtime.internal.storage;

import dev.sluice.api.SluiceException;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One owner per checkpoint directory: the file {@value #FILE} names the stream that writes there
 * (application, host, process, since when), and the owner renews it every third of the lease
 * timeout by setting its modification time. A start finds the holder gone at once when it ran on
 * this host and its process has ended; a holder on another host is gone when its lease goes
 * unrenewed for the timeout, watched on the starter's own clock (so the hosts' clocks need not
 * agree). A live holder is refused, with its name.
 */
public final class CheckpointLease implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointLease.class);
    /** The lease's file name in the checkpoint directory. */
    public static final String FILE = "owner";

    private final LeaseFiles files;
    private final LeaseHolder self;
    private final Duration timeout;
    private final Consumer<String> lost;
    private final ScheduledExecutorService renewer;
    private volatile boolean held = true;

    private CheckpointLease(LeaseFiles files, LeaseHolder self, Duration timeout, Consumer<String> lost) {
        this.files = files;
        this.self = self;
        this.timeout = timeout;
        this.lost = lost;
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sluice-checkpoint-lease-" + self.application());
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, timeout.toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the lease of {@code files}' directory for {@code application}, waiting at most
     * {@code timeout} to see whether a holder on another host still renews it; refuses a live
     * holder. {@code lost} is told if another stream takes the directory over later.
     */
    static CheckpointLease acquire(LeaseFiles files, String application, Duration timeout, Consumer<String> lost)
            throws IOException {
        LeaseHolder self = LeaseHolder.current(application);
        for (int attempt = 0; attempt < 3; attempt++) {
            if (files.create(self.encode())) {
                return new CheckpointLease(files, self, timeout, lost);
            }
            Optional<LeaseFiles.Lease> found = files.read();
            if (found.isEmpty()) {
                continue; // released meanwhile
            }
            LeaseHolder holder = LeaseHolder.decode(found.get().content(), files.describe());
            String gone = whyGone(files, found.get(), holder, timeout);
            if (gone == null) {
                throw refusal(files, holder, timeout);
            }
            if (files.deleteIfUnchanged(found.get())) {
                LOG.warn("Checkpoint directory {}: taking over the lease of {} ({})", files.directory(),
                        holder.describe(), gone);
            }
        }
        Optional<LeaseFiles.Lease> now = files.read();
        throw now.isPresent() ? refusal(files, LeaseHolder.decode(now.get().content(), files.describe()), timeout)
                : new SluiceException("cannot take the lease of the checkpoint directory " + files.directory()
                        + ": another start takes and releases it at the same time; start again");
    }

    /** Why the holder of {@code lease} is gone, or null if it may still be writing. */
    private static String whyGone(LeaseFiles files, LeaseFiles.Lease lease, LeaseHolder holder, Duration timeout)
            throws IOException {
        if (holder.onThisHost()) {
            return holder.processEnded() ? "its process " + holder.pid() + " on this host has ended" : null;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        LOG.info("Checkpoint directory {} is leased by {}; waiting up to {} ms to see whether it renews its lease",
                files.directory(), holder.describe(), timeout.toMillis());
        while (System.nanoTime() < deadline) {
            try {
                Thread.sleep(Math.max(1, timeout.toMillis() / 20)); // watching the holder's clock-free renewals
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the lease of " + files.directory(), e);
            }
            Optional<LeaseFiles.Lease> now = files.read();
            if (now.isEmpty() || !now.get().equals(lease)) {
                return null; // renewed, released or taken: not ours to take
            }
        }
        return "not renewed for " + timeout.toMillis() + " ms";
    }

    private static SluiceException refusal(LeaseFiles files, LeaseHolder holder, Duration timeout) {
        return new SluiceException("the checkpoint directory " + files.directory() + " is in use by "
                + holder.describe() + "; two streams on one directory would corrupt its checkpoints. Stop that"
                + " stream first, or give this one another checkpoint directory (a holder killed on this host is"
                + " taken over at once, one on another host after checkpoint.leaseTimeout, now "
                + timeout.toMillis() + " ms)");
    }

    /** Whether this stream still owns the directory: false once another took it over, or after close. */
    public boolean held() {
        return held;
    }

    public String holder() {
        return self.describe();
    }

    private void renew() {
        if (!held) {
            return;
        }
        try {
            Optional<LeaseFiles.Lease> now = files.read();
            if (now.isPresent() && now.get().content().equals(self.encode())) {
                files.touch();
                return;
            }
            held = false;
            String by = now.map(l -> LeaseHolder.decode(l.content(), files.describe()).describe()).orElse("nobody");
            String message = "this stream lost the checkpoint directory " + files.directory() + " (its lease is now held"
                    + " by " + by + "); it writes no more checkpoints there";
            LOG.error(message);
            lost.accept(message);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot renew the lease of the checkpoint directory {}: {}", files.directory(), e.getMessage());
        }
    }

    /** Stops renewing and deletes the lease if it is still this stream's. */
    @Override
    public void close() {
        renewer.shutdownNow();
        if (!held) {
            return;
        }
        held = false;
        try {
            files.read().filter(l -> l.content().equals(self.encode())).ifPresent(l -> {
                try {
                    files.deleteIfUnchanged(l);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot release the lease of the checkpoint directory {}: {}", files.directory(), e.getMessage());
        }
    }
}
