package dev.sluice.runtime.internal.scheduler;

import dev.sluice.api.management.StuckBatch;
import dev.sluice.runtime.internal.exec.WorkerPool;
import dev.sluice.runtime.internal.graph.Job;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the output operation the job thread runs. Once its batch has run longer than the policy
 * allows, the batch is stuck: the status shows it with the stack of every thread working on it, it
 * is logged once, and the policy is applied once per output operation. Failing it interrupts those
 * threads: a function that ignores interruption keeps its thread busy, and only stopping ends it.
 */
final class StuckBatchWatch {

    private static final Logger LOG = LoggerFactory.getLogger(StuckBatchWatch.class);
    private static final int MAX_FRAMES = 40;

    private final StuckPolicy policy;
    private final WorkerPool pool;
    private volatile Running running;

    /** Why the policy failed an output operation, and whether the stream stops with it. */
    record Failed(String reason, boolean stopsStream) {
    }

    private static final class Running {
        final JobSet batch;
        final Job job;
        final Thread thread;
        volatile boolean stuck;
        volatile Failed failed;

        Running(JobSet batch, Job job, Thread thread) {
            this.batch = batch;
            this.job = job;
            this.thread = thread;
        }
    }

    StuckBatchWatch(StuckPolicy policy, WorkerPool pool) {
        this.policy = policy;
        this.pool = pool;
    }

    /** Called on the job thread as each output operation of a batch starts. */
    void jobStarted(JobSet batch, Job job) {
        running = new Running(batch, job, Thread.currentThread());
    }

    /**
     * Called on the job thread when the output operation ends: why the policy failed it, if it did.
     * The interruption meant for it is cleared so that the next one starts clean.
     */
    Optional<Failed> jobEnded() {
        Running r = running;
        running = null;
        if (r == null || r.failed == null) {
            return Optional.empty();
        }
        Thread.interrupted();
        return Optional.of(r.failed);
    }

    /** The running batch, if it is stuck at {@code now}. */
    Optional<StuckBatch> report(long now, long queued) {
        Running r = running;
        if (r == null || runningFor(r, now) <= policy.afterMillis()) {
            return Optional.empty();
        }
        return Optional.of(new StuckBatch(r.batch.time, stage(r), Duration.ofMillis(runningFor(r, now)),
                policy.describe(), queued, threads(r).map(StuckBatchWatch::stack).toList()));
    }

    /**
     * Called on the event loop at every batch time: logs a batch that has become stuck and applies
     * the policy to it. Returns why the stream must stop, when the policy says so.
     */
    Optional<String> check(long now, long queued) {
        Running r = running;
        Optional<StuckBatch> stuck = report(now, queued);
        if (stuck.isEmpty() || r.stuck) {
            return Optional.empty();
        }
        r.stuck = true;
        StuckBatch s = stuck.get();
        String what = "batch " + s.batch() + " is stuck in " + s.stage() + ": running for "
                + s.runningFor().toMillis() + " ms, over batch.stuckAfter (" + policy.afterMillis() + " ms); "
                + queued + " batches queued behind it";
        LOG.warn("{}; {}. Its threads:\n{}", what, policy.describe(), String.join("\n", s.threads()));
        if (policy.action() == StuckPolicy.Action.WAIT) {
            return Optional.empty();
        }
        boolean stop = policy.action() == StuckPolicy.Action.STOP;
        String reason = what + (stop ? "; the stream stops (" : "; failed (") + policy.describe() + ")";
        r.failed = new Failed(reason, stop);
        threads(r).forEach(Thread::interrupt);
        return stop ? Optional.of(reason) : Optional.empty();
    }

    private static long runningFor(Running r, long now) {
        return now - r.batch.processingStart;
    }

    private static String stage(Running r) {
        return "output " + r.job.outputId() + " (" + r.job.description() + ")";
    }

    private Stream<Thread> threads(Running r) {
        var threads = new ArrayList<Thread>();
        threads.add(r.thread);
        threads.addAll(pool.busyThreads());
        return threads.stream().distinct(); // the job thread computes tasks too
    }

    private static String stack(Thread t) {
        List<StackTraceElement> frames = List.of(t.getStackTrace());
        return t.getName() + " (" + t.getState() + ")" + frames.stream().limit(MAX_FRAMES)
                .map(f -> "\n\tat " + f).collect(Collectors.joining())
                + (frames.size() > MAX_FRAMES ? "\n\t... " + (frames.size() - MAX_FRAMES) + " more" : "");
    }
}
