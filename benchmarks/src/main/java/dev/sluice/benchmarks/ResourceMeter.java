package dev.sluice.benchmarks;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU and GC time between two readings: this JVM's, which tells whether the engine was short of
 * CPU or waiting and how much went to the collector, and the whole machine's (on Linux), which
 * tells whether something else (the generator, a build) was competing for the cores.
 */
final class ResourceMeter {

    private static final Path PROC_STAT = Path.of("/proc/stat");
    private static final Path THREADS = Path.of("/proc/self/task");

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /**
     * {@code machineBusy} and {@code machineTotal} are /proc/stat jiffies over all cores, -1 if unknown;
     * {@code switches} the voluntary context switches of this JVM's threads so far, -1 if unknown.
     */
    record Reading(long wallNanos, long cpuNanos, long gcMillis, long gcCount, long machineBusy, long machineTotal,
                   long switches) {
    }

    Reading read() {
        long gcMillis = 0;
        long gcCount = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcMillis += Math.max(0, gc.getCollectionTime());
            gcCount += Math.max(0, gc.getCollectionCount());
        }
        long[] machine = machineJiffies();
        return new Reading(System.nanoTime(), os.getProcessCpuTime(), gcMillis, gcCount, machine[0], machine[1],
                voluntarySwitches());
    }

    /**
     * Voluntary context switches per batch interval between the readings, -1 where unknown: each is a
     * thread that went to sleep to be woken, the hand-overs of the batch path, which unlike its CPU
     * time do not grow when other processes share the cores. Threads that ended meanwhile are missed.
     */
    static double switchesPerBatch(Reading from, Reading to, long batchMillis) {
        double batches = (to.wallNanos() - from.wallNanos()) / 1e6 / batchMillis;
        return from.switches() < 0 || to.switches() < 0 || batches <= 0 ? -1 : (to.switches() - from.switches()) / batches;
    }

    /** The sum of every live thread's voluntary_ctxt_switches (Linux), or -1. */
    private static long voluntarySwitches() {
        try (var threads = Files.list(THREADS)) {
            long sum = 0;
            for (Path thread : (Iterable<Path>) threads::iterator) {
                sum += voluntarySwitches(thread);
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            return -1; // not Linux: no figure rather than a wrong one
        }
    }

    /** One thread's; 0 for a thread that ended since the listing (its switches are missed, as documented above). */
    private static long voluntarySwitches(Path thread) {
        try {
            for (String line : Files.readAllLines(thread.resolve("status"))) {
                if (line.startsWith("voluntary_ctxt_switches:")) {
                    return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            return 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Cores this JVM kept busy on average between the readings, e.g. 1.9 of 2. */
    static double coresBusy(Reading from, Reading to) {
        long wall = to.wallNanos() - from.wallNanos();
        return wall <= 0 ? 0 : (to.cpuNanos() - from.cpuNanos()) / (double) wall;
    }

    /** Cores all processes kept busy on average between the readings, or -1 where /proc/stat is missing. */
    static double machineCoresBusy(Reading from, Reading to) {
        long total = to.machineTotal() - from.machineTotal();
        if (from.machineTotal() < 0 || total <= 0) {
            return -1;
        }
        return (to.machineBusy() - from.machineBusy()) * (double) Runtime.getRuntime().availableProcessors() / total;
    }

    /** Busy and total jiffies from the first line of /proc/stat; idle and iowait count as not busy. */
    private static long[] machineJiffies() {
        try {
            String[] fields = Files.readAllLines(PROC_STAT).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < fields.length; i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
    }
}
