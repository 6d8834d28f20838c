package dev.sluice.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds one connection on a thread of its own, open loop: what is due by the clock is sent, so a
 * reader that falls behind faces a growing backlog instead of a generator that politely waits.
 * Stops after {@code durationNanos} or when the reader goes away.
 */
final class PacedSender implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PacedSender.class);

    /** At most this many records per write (about 400 KB), so the clock is checked often. */
    private static final int MAX_RECORDS_PER_WRITE = 4096;
    /** How long to wait when nothing is due: a few hundred records at the rates measured here. */
    private static final long IDLE_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    private static final long REPORT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Socket socket;
    private final int client;
    private final RecordPool pool;
    private final RateSchedule schedule;
    private final long durationNanos;

    PacedSender(Socket socket, int client, RecordPool pool, RateSchedule schedule, long durationNanos) {
        this.socket = socket;
        this.client = client;
        this.pool = pool;
        this.schedule = schedule;
        this.durationNanos = durationNanos;
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        long end = start + durationNanos;
        long sent = 0;
        long lastReport = start;
        long sentAtLastReport = 0;
        long cpuAtLastReport = processCpuNanos();
        try (socket; OutputStream out = socket.getOutputStream()) {
            long now;
            while ((now = System.nanoTime()) < end) {
                long behind = schedule.due(now - start) - sent;
                if (behind <= 0) {
                    LockSupport.parkNanos(IDLE_PARK_NANOS);
                } else {
                    int n = (int) Math.min(behind, MAX_RECORDS_PER_WRITE);
                    pool.write(out, (int) (sent % pool.size()), n);
                    sent += n;
                }
                if (now - lastReport >= REPORT_EVERY_NANOS) {
                    long cpu = processCpuNanos();
                    // the generator's own CPU, so that a run can tell it apart from other load on the machine
                    LOG.info("client {}: {} s, {} records/s (target {}), {} records behind, generator cpu {} cores",
                            client, seconds(now - start), perSecond(sent - sentAtLastReport, now - lastReport),
                            schedule.rateAt(now - start), Math.max(0, schedule.due(now - start) - sent),
                            String.format(Locale.ROOT, "%.2f", (cpu - cpuAtLastReport) / (double) (now - lastReport)));
                    lastReport = now;
                    sentAtLastReport = sent;
                    cpuAtLastReport = cpu;
                }
            }
        } catch (IOException e) {
            LOG.info("client {}: connection ended: {}", client, e.getMessage());
        }
        long elapsed = System.nanoTime() - start;
        LOG.info("client {}: sent {} records in {} s, {} records/s on average", client, sent, seconds(elapsed),
                perSecond(sent, elapsed));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
    }

    private static long perSecond(long records, long nanos) {
        return nanos <= 0 ? 0 : (long) (records * 1e9 / nanos);
    }
}
