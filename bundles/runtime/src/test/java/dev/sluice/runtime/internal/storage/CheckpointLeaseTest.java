package dev.sluice.runtime.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.SluiceException;
import dev.sluice.api.Time;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One stream per checkpoint directory, on the local disk: the lease file, its renewal and its takeover. */
class CheckpointLeaseTest {

    private static final Duration LEASE = Duration.ofMillis(600);

    @TempDir
    Path dir;

    private CheckpointStore open(String application) {
        return open(application, LEASE);
    }

    private CheckpointStore open(String application, Duration lease) {
        return CheckpointStore.open(dir.toString(), application, lease, lost -> { });
    }

    private Path lease() {
        return dir.resolve(CheckpointLease.FILE);
    }

    @Test
    void aSecondStreamOnADirectoryInUseIsRefusedWithTheHolderNamed() {
        try (var first = open("first")) {
            assertThatThrownBy(() -> open("second")).isInstanceOf(SluiceException.class)
                    .hasMessageContaining("is in use by stream 'first' in process " + ProcessHandle.current().pid())
                    .hasMessageContaining(" on " + LeaseHolder.hostName() + " since ")
                    .hasMessageContaining("checkpoint.leaseTimeout");
            assertThat(first.holder()).hasValueSatisfying(h -> assertThat(h).startsWith("stream 'first'"));
        }
        // released at close: the next stream takes it at once
        try (var second = open("second")) {
            assertThat(second.holder()).hasValueSatisfying(h -> assertThat(h).startsWith("stream 'second'"));
        }
        assertThat(lease()).doesNotExist();
    }

    @Test
    void theHolderRenewsItsLeaseWhileItRuns() throws Exception {
        try (var store = open("app")) {
            FileTime before = FileTime.fromMillis(0);
            Files.setLastModifiedTime(lease(), before);
            await("a renewal", () -> Files.getLastModifiedTime(lease()).toMillis() > 0);
            assertThat(store.holder()).isPresent();
        }
    }

    @Test
    void aLeaseLeftByAProcessOfThisHostThatEndedIsTakenOverAtOnce() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        assertThat(ended.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long started = ended.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        var gone = new LeaseHolder("killed", LeaseHolder.hostName(), ended.pid(), started,
                Instant.now().minusSeconds(60), "gone");
        Files.writeString(lease(), gone.encode());
        Files.setLastModifiedTime(lease(), FileTime.from(Instant.now()));

        long start = System.nanoTime();
        try (var store = open("next")) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no wait for the lease to expire")
                    .isLessThan(LEASE);
            assertThat(Files.readString(lease())).contains("application=next");
        }
    }

    @Test
    void aLeaseOfAProcessIdNowUsedByAnotherProcessIsTakenOverAtOnce() throws Exception {
        // this process's id, but a start time that is not this process's: the holder was an earlier process
        var earlier = new LeaseHolder("killed", LeaseHolder.hostName(), ProcessHandle.current().pid(), 1L,
                Instant.now().minusSeconds(60), "earlier");
        Files.writeString(lease(), earlier.encode());
        try (var store = open("next")) {
            assertThat(Files.readString(lease())).contains("application=next");
        }
    }

    @Test
    void aLeaseOfAnotherHostIsTakenOverOnlyOnceItWentUnrenewedForTheTimeout() throws Exception {
        var remote = new LeaseHolder("remote", "another-host.invalid", 4242, 1L, Instant.now(), "remote");
        Files.writeString(lease(), remote.encode());
        long start = System.nanoTime();
        try (var store = open("next")) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("waited for the lease to expire")
                    .isGreaterThanOrEqualTo(LEASE);
            assertThat(Files.readString(lease())).contains("application=next");
        }
    }

    @Test
    void aLeaseOfAnotherHostThatIsStillRenewedIsRefused() throws Exception {
        var remote = new LeaseHolder("remote", "another-host.invalid", 4242, 1L, Instant.now(), "remote");
        Files.writeString(lease(), remote.encode());
        var running = new AtomicBoolean(true);
        var renewer = CompletableFuture.runAsync(() -> {
            long t = 1;
            while (running.get()) {
                try {
                    Files.setLastModifiedTime(lease(), FileTime.fromMillis(t++ * 1000));
                    Thread.sleep(LEASE.toMillis() / 6); // a holder renewing, as its own thread does
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        try {
            // a long lease: the start sees a renewal long before it could expire, however slow the machine
            assertThatThrownBy(() -> open("next", Duration.ofSeconds(30))).isInstanceOf(SluiceException.class)
                    .hasMessageContaining("is in use by stream 'remote' in process 4242 on another-host.invalid");
        } finally {
            running.set(false);
            renewer.get(30, TimeUnit.SECONDS);
        }
        assertThat(Files.readString(lease())).contains("application=remote");
    }

    @Test
    void aStreamWhoseDirectoryWasTakenOverIsToldAndWritesNoMore() throws Exception {
        var lost = new CompletableFuture<String>();
        try (var store = CheckpointStore.open(dir.toString(), "first", LEASE, lost::complete)) {
            var other = new LeaseHolder("other", LeaseHolder.hostName(), 4242, 1L, Instant.now(), "other");
            Files.delete(lease());
            Files.writeString(lease(), other.encode());
            assertThat(lost.get(30, TimeUnit.SECONDS)).contains("lost the checkpoint directory")
                    .contains("stream 'other' in process 4242");
            assertThatThrownBy(() -> store.writeState("total", new Time(1000), List.of(new byte[] {1})))
                    .hasMessageContaining("does not hold the lease");
        }
        assertThat(Files.readString(lease())).as("the other's lease is left alone").contains("application=other");
        assertThat(dir.resolve("state")).doesNotExist();
    }

    @Test
    void aFileThatIsNoLeaseIsReportedWithTheFix() throws Exception {
        Files.writeString(lease(), "something else\n");
        assertThatThrownBy(() -> open("next")).hasMessageContaining("is not a Sluice checkpoint lease")
                .hasMessageContaining("delete it");
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void await(String what, Check check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within 30 s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
