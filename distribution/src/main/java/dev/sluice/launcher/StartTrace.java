package dev.sluice.launcher;

import java.io.PrintStream;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.SynchronousBundleListener;

/**
 * With {@code -Dsluice.trace.start=true}: one stderr line per phase of a start (the launcher's steps,
 * each bundle started), stamped with the milliseconds since the JVM's start time (as the JVM records it,
 * once its heap is set up) and the CPU time the process has used by then (all its threads, the JIT
 * compilers' too, to the clock tick), so that a slow start can be taken apart without a profiler, and
 * compared on a machine busy with other work, which stretches the first figure far more than the
 * second. Off, it costs a property lookup.
 */
final class StartTrace {

    static final String PROPERTY = "sluice.trace.start";

    private final PrintStream err;
    private final long jvmStart;

    private StartTrace(PrintStream err, long jvmStart) {
        this.err = err;
        this.jvmStart = jvmStart;
    }

    /** A trace when the property asks for one, else one that prints nothing. */
    static StartTrace of(PrintStream err) {
        if (!Boolean.getBoolean(PROPERTY)) {
            return new StartTrace(null, 0);
        }
        // the JVM's own start time, to the millisecond (the process's is known only to the second)
        StartTrace trace = new StartTrace(err, java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
        trace.mark("main");
        return trace;
    }

    boolean enabled() {
        return err != null;
    }

    void mark(String phase) {
        if (err != null) {
            long cpu = ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(-1L);
            // not printf: its Formatter's first use costs the start being measured several milliseconds
            err.println("sluice: start trace " + padded(System.currentTimeMillis() - jvmStart) + " ms (cpu "
                    + padded(cpu) + " ms) " + phase);
        }
    }

    private static String padded(long millis) {
        String digits = Long.toString(millis);
        return digits.length() >= 5 ? digits : "     ".substring(digits.length()) + digits;
    }

    /** Marks every bundle started, and the framework started, in this framework from now on. */
    void follow(BundleContext context) {
        if (err == null) {
            return;
        }
        context.addBundleListener((SynchronousBundleListener) event -> {
            if (event.getType() == BundleEvent.STARTED) {
                mark("started " + event.getBundle().getSymbolicName());
            }
        });
        context.addFrameworkListener(event -> {
            if (event.getType() == FrameworkEvent.STARTED) {
                mark("framework started");
            }
        });
    }
}
