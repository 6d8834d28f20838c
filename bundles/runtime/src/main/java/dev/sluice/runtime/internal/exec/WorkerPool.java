package dev.sluice.runtime.internal.exec;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import dev.sluice.api.SluiceException;

/** The fixed set of worker threads ({@code local[N]}) that computes partitions, with the thread that asks. */
public final class WorkerPool implements AutoCloseable {

    private final ExecutorService executor;
    private final int size;
    /** The workers computing a partition now: what a stuck batch's report shows and what failing it interrupts. */
    private final Set<Thread> busy = ConcurrentHashMap.newKeySet();

    public WorkerPool(int size, String name) {
        this.size = size;
        var counter = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(size, r -> {
            Thread t = new Thread(r, name + "-worker-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public int size() {
        return size;
    }

    /**
     * Runs {@code task} for 0..n-1 and waits for all of them. The calling thread takes tasks too, beside
     * at most N-1 workers, so N threads compute: a small batch's stage needs no worker woken and no
     * wake-up of its caller when it ends, which cost more than its tasks (three stages a batch). The
     * first failure is rethrown once every task has ended, so no task still runs when the caller moves on.
     */
    public void runTasks(int n, IntConsumer task) {
        if (n == 0) {
            return;
        }
        var tasks = new TaskSet(n, task);
        for (int i = Math.min(n, size) - 1; i > 0; i--) {
            executor.execute(tasks::work);
        }
        tasks.work();
        tasks.awaitEnd();
    }

    /** The tasks of one {@link #runTasks} call: each taken once, by whichever thread asks first. */
    private final class TaskSet {
        private final int n;
        private final IntConsumer task;
        private final AtomicInteger next = new AtomicInteger();
        private final CountDownLatch done;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        TaskSet(int n, IntConsumer task) {
            this.n = n;
            this.task = task;
            this.done = new CountDownLatch(n);
        }

        void work() {
            int p;
            while ((p = next.getAndIncrement()) < n) {
                busy.add(Thread.currentThread());
                try {
                    if (failure.get() == null) {
                        task.accept(p);
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    busy.remove(Thread.currentThread());
                    done.countDown();
                }
            }
        }

        void awaitEnd() {
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SluiceException("interrupted while waiting for tasks; the stream is stopping", e);
            }
            Throwable t = failure.get();
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error err) {
                throw err;
            }
            if (t != null) {
                throw new SluiceException(t.toString(), t);
            }
        }
    }

    /** The threads computing a partition now: workers, and a caller taking tasks. */
    public List<Thread> busyThreads() {
        return List.copyOf(busy);
    }

    /**
     * Runs the map stages of every shuffle {@code rdd} depends on, deepest first; exchanged stages
     * that read the same upstreams send together ({@link ExchangedStages}).
     */
    public void prepare(Rdd<?> rdd) {
        new ExchangedStages(this).prepare(rdd);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
