package dev.sluice.runtime.internal.operators.state;

import java.lang.management.ManagementFactory;

/**
 * {@link StatePassBenchmark#mapWithStateStage} as CPU time rather than wall time, which a loaded machine
 * swings by more than the changes measured: WARM batches, then RUNS measured ones, and the CPU of the
 * JVM's Java threads (the collector's not included) and of the whole process a record, with the
 * collector's time. Run it in a JVM of its own with the benchmark's heap settings, e.g.
 * {@code java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -XX:+UseParallelGC -cp ... MapWithStateStageCpu 15 40}.
 */
public final class MapWithStateStageCpu {

    private MapWithStateStageCpu() {
    }

    public static void main(String[] args) {
        int warm = Integer.parseInt(args[0]);
        int runs = Integer.parseInt(args[1]);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var benchmark = new StatePassBenchmark();
        benchmark.makeStateAndBatch();
        try {
            for (int i = 0; i < warm; i++) {
                benchmark.mapWithStateStage();
            }
            long gc = collectorMillis();
            long process = os.getProcessCpuTime();
            long threads = javaThreadsCpu();
            for (int i = 0; i < runs; i++) {
                benchmark.mapWithStateStage();
            }
            double records = runs * (double) StatePassBenchmark.VALUES;
            System.out.printf("java_threads_ns=%.1f process_ns=%.1f gc_ms=%d%n", (javaThreadsCpu() - threads) / records,
                    (os.getProcessCpuTime() - process) / records, collectorMillis() - gc);
        } finally {
            benchmark.closePool();
        }
    }

    private static long javaThreadsCpu() {
        var threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long id : threads.getAllThreadIds()) {
            sum += Math.max(0, threads.getThreadCpuTime(id));
        }
        return sum;
    }

    private static long collectorMillis() {
        long sum = 0;
        for (var collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += collector.getCollectionTime();
        }
        return sum;
    }
}
