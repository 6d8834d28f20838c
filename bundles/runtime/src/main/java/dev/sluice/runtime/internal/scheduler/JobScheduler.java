package dev.sluice.runtime.internal.scheduler;

import dev.sluice.runtime.internal.graph.StreamStopException;
import java.util.function.Consumer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import dev.sluice.api.Time;
import dev.sluice.api.listener.BatchInfo;
import dev.sluice.api.listener.OutputOperationInfo;
import dev.sluice.api.management.StuckBatch;
import dev.sluice.runtime.internal.exec.Execution;
import dev.sluice.runtime.internal.graph.DStreamGraph;
import dev.sluice.runtime.internal.graph.Job;
import dev.sluice.runtime.internal.time.Clock;
import dev.sluice.runtime.internal.time.RecurringTimer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch clock of one context. A timer posts a {@link SchedulerEvent.GenerateJobs} every batch
 * interval; the event loop generates that batch's jobs and queues them for the job thread, which
 * runs batches one at a time and their output operations in order. A failed output operation
 * fails its batch only: it is logged, reported to listeners, and the next batch runs.
 */
public final class JobScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);

    private final DStreamGraph graph;
    /** Called on the job thread when an output's failure must stop the stream. */
    private final Consumer<StreamStopException> stopStream;
    private final Execution execution;
    private final Clock clock;
    private final ListenerBus bus;
    private final RecurringTimer timer;
    private final LinkedBlockingQueue<SchedulerEvent> events = new LinkedBlockingQueue<>();
    private final Thread loop;
    private final ExecutorService jobThread;
    private volatile Thread jobRunner;
    private long nextJobId = 1;
    private volatile boolean stopping;
    private final BatchCheckpoints checkpoints;
    private final StuckBatchWatch watch;
    /** Batches generated and waiting for the job thread: they queue behind a slow or stuck one, never dropped. */
    private final AtomicLong queued = new AtomicLong();
    // guarded by this: what a graceful stop waits on
    private Time lastCompleted = new Time(Long.MIN_VALUE);
    private Time lastGenerated = new Time(Long.MIN_VALUE);
    /** The latest batch time the timer (or recovery) asked for, made or not. */
    private Time lastDue = new Time(Long.MIN_VALUE);
    /** No batch after this one is made: set by a graceful stop. */
    private Time generationLimit = new Time(Long.MAX_VALUE);

    public JobScheduler(String name, DStreamGraph graph, Execution execution, Clock clock, ListenerBus bus,
                        Consumer<StreamStopException> stopStream, BatchCheckpoints checkpoints, StuckPolicy stuck) {
        this.stopStream = stopStream;
        this.watch = new StuckBatchWatch(stuck, execution.pool());
        this.checkpoints = checkpoints;
        this.graph = graph;
        this.execution = execution;
        this.clock = clock;
        this.bus = bus;
        this.timer = new RecurringTimer(clock, graph.batchInterval().toMillis(),
                t -> events.add(new SchedulerEvent.GenerateJobs(new Time(t))), name + "-job-generator");
        this.loop = new Thread(this::runLoop, name + "-scheduler");
        this.loop.setDaemon(true);
        this.jobThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name + "-job-runner");
            t.setDaemon(true);
            jobRunner = t;
            return t;
        });
    }

    /**
     * Starts the loop: first the batches of {@code recovered} (due while the stream was down), at
     * once and in order; then the timer generates one batch per interval from {@code firstBatchTime}.
     * {@code lastCompleted}: the batch an earlier run completed last, or the zero time.
     */
    public void start(List<Time> recovered, Time firstBatchTime, Time lastCompleted) {
        synchronized (this) {
            // a pause before this run's first batch hands over from where the run began
            this.lastCompleted = lastCompleted;
            this.lastGenerated = lastCompleted;
        }
        recovered.forEach(t -> events.add(new SchedulerEvent.GenerateJobs(t)));
        loop.start();
        timer.start(firstBatchTime.millis());
    }

    /**
     * A graceful stop: makes no batch after {@code limit} and waits until the timer has reached it
     * and every batch made has completed; false if the stream stopped or the timeout passed first.
     */
    public synchronized boolean drain(Time limit, long timeoutMillis) throws InterruptedException {
        generationLimit = limit;
        return waitUntil(() -> !lastDue.isBefore(limit) && !lastCompleted.isBefore(lastGenerated), timeoutMillis);
    }

    /** Waits, holding this scheduler's lock, until {@code done}; false if the stream stopped or the timeout passed first. */
    private boolean waitUntil(java.util.function.BooleanSupplier done, long timeoutMillis) throws InterruptedException {
        long deadline = clock.millis() + timeoutMillis;
        while (!done.getAsBoolean()) {
            long left = deadline - clock.millis();
            if (left <= 0 || stopping) {
                return false;
            }
            // woken by each completed batch; the bound lets a clock other than the wall clock be read again
            wait(Math.min(left, 100));
        }
        return true;
    }

    /**
     * A live upgrade's batch boundary: makes no further batch and waits until every batch made has
     * completed. The latest completed batch (null before the first), or empty if the stream stopped
     * or the timeout passed first.
     */
    public synchronized Optional<Time> pause(long timeoutMillis) throws InterruptedException {
        generationLimit = lastGenerated;
        return waitUntil(() -> !lastCompleted.isBefore(lastGenerated), timeoutMillis)
                ? Optional.of(lastGenerated) : Optional.empty();
    }

    /**
     * Stops generating batches and drops those not yet started; the running batch, if any, is
     * given a few seconds to finish.
     */
    public void stop() {
        stopping = true;
        timer.stop();
        events.add(new SchedulerEvent.Stop());
        jobThread.shutdown();
        // an output operation, or the loop on a stuck batch, may stop its own context: it must not wait for itself
        if (Thread.currentThread() != jobRunner && Thread.currentThread() != loop) {
            try {
                if (!jobThread.awaitTermination(10, TimeUnit.SECONDS)) {
                    LOG.warn("The running batch did not finish within 10 s of stop and is interrupted");
                    jobThread.shutdownNow();
                }
                loop.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void runLoop() {
        try {
            while (true) {
                SchedulerEvent event = events.take();
                if (event instanceof SchedulerEvent.Stop) {
                    return;
                }
                try {
                    handle(event);
                } catch (RuntimeException e) {
                    // e.g. a plugin's notification that throws: the batches after it must still run
                    LOG.error("The scheduler failed to handle {}; it goes on with the next event", event, e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Error e) {
            LOG.error("The scheduler of this stream failed unexpectedly; no further batches will run", e);
        }
    }

    private void handle(SchedulerEvent event) {
        if (event instanceof SchedulerEvent.GenerateJobs g) {
            generateJobs(g.time());
        } else if (event instanceof SchedulerEvent.BatchCompleted c) {
            batchCompleted(c.jobSet());
        }
    }

    /** The running batch, if it has run longer than {@code batch.stuckAfter} allows. */
    public Optional<StuckBatch> stuckBatch() {
        return watch.report(clock.millis(), queued.get());
    }

    private void generateJobs(Time time) {
        Optional<String> stop = watch.check(clock.millis(), queued.get());
        if (stop.isPresent()) {
            stopStream.accept(new StreamStopException(stop.get(), null));
            return;
        }
        synchronized (this) {
            if (time.isAfter(lastDue)) {
                lastDue = time;
                notifyAll();
            }
            if (stopping || time.isAfter(generationLimit)) {
                return;
            }
            lastGenerated = time;
        }
        long submitted = clock.millis();
        List<Job> jobs;
        String failure = null;
        try {
            jobs = graph.generateJobs(time, execution);
        } catch (RuntimeException e) {
            LOG.error("Could not generate the jobs of batch {}", time, e);
            jobs = List.of();
            failure = e.toString();
        }
        var jobSet = new JobSet(nextJobId++, time, jobs, graph.recordsByInput(time), submitted);
        if (failure != null) {
            jobSet.record(new OutputOperationInfo(-1, "generate jobs", 0, Optional.of(failure)));
        }
        checkpoints.generated(time);
        BatchInfo submittedInfo = jobSet.info();
        bus.post(l -> l.onBatchSubmitted(submittedInfo));
        try {
            queued.incrementAndGet();
            jobThread.execute(() -> runJobSet(jobSet));
        } catch (RejectedExecutionException e) {
            queued.decrementAndGet();
            LOG.debug("Batch {} generated while stopping is dropped", time);
        }
    }

    private void runJobSet(JobSet jobSet) {
        queued.decrementAndGet();
        if (stopping) {
            return;
        }
        checkpoints.beforeOutputs(jobSet.time);
        jobSet.processingStart = clock.millis();
        BatchInfo startedInfo = jobSet.info();
        bus.post(l -> l.onBatchStarted(startedInfo));
        for (Job job : jobSet.jobs) {
            long start = clock.millis();
            Optional<String> failure = Optional.empty();
            watch.jobStarted(jobSet, job);
            try {
                job.work().run();
            } catch (StreamStopException e) {
                watch.jobEnded();
                LOG.error("Batch {}: output operation {} ({}) failed and the stream stops: {}", jobSet.time,
                        job.outputId(), job.description(), e.getMessage(), e.getCause());
                jobSet.record(new OutputOperationInfo(job.outputId(), job.description(), clock.millis() - start,
                        Optional.of(e.getMessage())));
                stopStream.accept(e);
                return;
            } catch (OutOfMemoryError | InternalError | UnknownError e) {
                // the batch may have left state half-changed: only a start from the checkpoint is sound
                watch.jobEnded();
                var stop = new StreamStopException(outOfResources(jobSet.time, job, e), e);
                LOG.error(stop.getMessage(), e);
                jobSet.record(new OutputOperationInfo(job.outputId(), job.description(), clock.millis() - start,
                        Optional.of(stop.getMessage())));
                stopping = true;
                stopStream.accept(stop);
                return;
            } catch (Exception | Error e) {
                // a user function's own error (an assertion, a stack overflow, a class it cannot link) fails its batch only
                failure = Optional.of(e.toString());
                LOG.error("Batch {}: output operation {} ({}) failed; the stream goes on with the next batch",
                        jobSet.time, job.outputId(), job.description(), e);
            }
            Optional<StuckBatchWatch.Failed> stuck = watch.jobEnded();
            if (stuck.isPresent()) {
                // interrupted to end it: the interruption's own message would mislead; one that finished anyway did not fail
                failure = failure.map(f -> stuck.get().reason());
                if (stuck.get().stopsStream()) {
                    // the loop is stopping the stream: this batch's rest and the queued batches are left to recovery
                    stopping = true;
                    jobSet.record(new OutputOperationInfo(job.outputId(), job.description(), clock.millis() - start,
                            failure));
                    return;
                }
            }
            jobSet.record(new OutputOperationInfo(job.outputId(), job.description(), clock.millis() - start, failure));
        }
        jobSet.processingEnd = clock.millis();
        if (!stopping) {
            checkpoints.processed(jobSet.time);
        }
        events.add(new SchedulerEvent.BatchCompleted(jobSet));
    }

    private static String outOfResources(Time time, Job job, VirtualMachineError e) {
        String what = "Batch " + time + ": output operation " + job.outputId() + " (" + job.description() + ") failed"
                + " with " + e + "; the stream stops, since the batch may have left its state half-changed, and"
                + " resumes from its checkpoint when started again";
        if (!(e instanceof OutOfMemoryError)) {
            return what;
        }
        return what + ". The heap (" + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB) is too small for"
                + " this stream's state and batches: give the JVM more (-Xmx in JAVA_OPTS), or read less per batch"
                + " (receiver.maxRate, maxRatePerPartition, a shorter batch interval)";
    }

    private void batchCompleted(JobSet jobSet) {
        BatchInfo info = jobSet.info();
        if (LOG.isInfoEnabled()) { // its figures are made into text only for a log that keeps them
            LOG.info("Total delay: {} s for job {} (execution: {} s)",
                    seconds(info.totalDelay().orElseThrow().toMillis()), info.jobId(),
                    seconds(info.processingDelay().orElseThrow().toMillis()));
        }
        graph.batchCompleted(info);
        graph.clearMetadata(jobSet.time);
        checkpoints.completed(jobSet.time);
        synchronized (this) {
            lastCompleted = jobSet.time;
            notifyAll();
        }
        bus.post(l -> l.onBatchCompleted(info));
    }

    /** Milliseconds as seconds with five decimals, as the spec's log shows them; no Formatter on every batch. */
    static String seconds(long millis) {
        long ms = Math.abs(millis);
        String fraction = Long.toString(1000 + ms % 1000).substring(1);
        return (millis < 0 ? "-" : "") + ms / 1000 + "." + fraction + "00";
    }
}
