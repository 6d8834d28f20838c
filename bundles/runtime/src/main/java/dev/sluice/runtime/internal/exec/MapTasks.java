package dev.sluice.runtime.internal.exec;

import java.util.function.Consumer;

/**
 * The tasks of a shuffle's map stage: one per partition of its input, or, when the partitions
 * would leave workers idle and the input is {@link Rdd#divisible}, one per piece of a partition. A
 * 1 s batch of five blocks on two workers is ten half blocks, not three rounds of which the last
 * keeps one worker busy; a 100 ms batch of one block is two halves, not one worker's work.
 */
public final class MapTasks {

    private MapTasks() {
    }

    /** Into how many pieces each partition of {@code input} is cut for {@code workers} workers. */
    public static int pieces(Rdd<?> input, int workers) {
        int partitions = input.numPartitions();
        return partitions % workers == 0 || !input.divisible() ? 1 : workers;
    }

    /** Computes map task {@code task} of {@code input} cut into {@code pieces} per partition. */
    public static <T> void compute(Rdd<T> input, int task, int pieces, Consumer<? super T> out) {
        if (pieces == 1) {
            input.compute(task, out);
        } else {
            input.compute(task / pieces, task % pieces, pieces, out);
        }
    }
}
