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
 * Feeds one connection on a thread of its own, open loop: at every tick what is due by the clock is
 * sent, so a reader that falls behind faces a growing backlog instead of a generator that politely
 * waits. Stops after {@code durationNanos} or when the reader goes away.
 */
final class PacedSender implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PacedSender.class);

    /** At most this many records per write (about 400 KB): a backlog goes out in slices of this size. */
    static final int MAX_RECORDS_PER_WRITE = 4096;
    /** One write per millisecond: 1,000 records (106 KB) at a million a second, and a 10 ms batch still gets ten. */
    static final long DEFAULT_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long REPORT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Socket socket;
    private final int client;
    private final RecordPool pool;
    private final RateSchedule schedule;
    private final long durationNanos;
    private final long tickNanos;
    /** Records written so far, also when the reader went away mid-run. */
    private long sent;

    PacedSender(Socket socket, int client, RecordPool pool, RateSchedule schedule, long durationNanos,
                long tickNanos) {
        if (tickNanos < 1) {
            throw new IllegalArgumentException("the tick must be positive");
        }
        this.socket = socket;
        this.client = client;
        this.pool = pool;
        this.schedule = schedule;
        this.durationNanos = durationNanos;
        this.tickNanos = tickNanos;
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        try (socket; OutputStream out = socket.getOutputStream()) {
            send(out, start, start + durationNanos);
        } catch (IOException e) {
            LOG.info("client {}: connection ended: {}", client, e.getMessage());
        }
        long elapsed = System.nanoTime() - start;
        LOG.info("client {}: sent {} records in {} s, {} records/s on average", client, sent, seconds(elapsed),
                perSecond(sent, elapsed));
    }

    /**
     * Writes, once per tick, every record due by then, in slices of the pool's bytes, until {@code end};
     * returns the records sent in all. One write per tick instead of one per record or two: on loopback the
     * sender pays for both ends of the TCP stack per write, so at a million records a second tiny writes
     * cost the generator most of a core that the engine then cannot have.
     */
    long send(OutputStream out, long start, long end) throws IOException {
        long tick = 0;
        var report = new Report(start);
        long now;
        while ((now = System.nanoTime()) < end) {
            long behind = schedule.due(now - start) - sent;
            while (behind > 0) { // a backlog (a slow reader) goes out in slices, so no single write is huge
                int n = (int) Math.min(behind, MAX_RECORDS_PER_WRITE);
                pool.write(out, (int) (sent % pool.size()), n);
                sent += n;
                behind -= n;
            }
            report.maybe(now, sent);
            // the next tick on the grid from the start, skipping those a blocked write overran
            tick = Math.max(tick + 1, (now - start) / tickNanos + 1);
            long deadline = start + tick * tickNanos;
            long wait;
            while ((wait = deadline - System.nanoTime()) > 0) { // a park may return early: no extra write then
                LockSupport.parkNanos(wait);
            }
        }
        return sent;
    }

    /** Every 5 s: the rate sent, the backlog, and the generator's own CPU (to tell it apart from other load). */
    private final class Report {
        private long lastReport;
        private long sentAtLastReport;
        private long cpuAtLastReport = processCpuNanos();
        private final long start;

        Report(long start) {
            this.start = start;
            this.lastReport = start;
        }

        void maybe(long now, long sent) {
            if (now - lastReport < REPORT_EVERY_NANOS) {
                return;
            }
            long cpu = processCpuNanos();
            LOG.info("client {}: {} s, {} records/s (target {}), {} records behind, generator cpu {} cores",
                    client, seconds(now - start), perSecond(sent - sentAtLastReport, now - lastReport),
                    schedule.rateAt(now - start), Math.max(0, schedule.due(now - start) - sent),
                    String.format(Locale.ROOT, "%.2f", (cpu - cpuAtLastReport) / (double) (now - lastReport)));
            lastReport = now;
            sentAtLastReport = sent;
            cpuAtLastReport = cpu;
        }
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
