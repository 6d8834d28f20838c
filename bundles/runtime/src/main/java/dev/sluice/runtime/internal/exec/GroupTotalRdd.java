package dev.sluice.runtime.internal.exec;

import dev.sluice.api.Pair;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;

/**
 * A batch's one value for the whole group ({@code count}, {@code reduce}) in a stream a group
 * shares: a keyed stage with a single key. Each member combines its part into one value, the
 * exchange brings every member's value to the member owning that key's partition, and that member
 * alone emits the batch's value; the others emit nothing. An empty batch's value (a count of 0) is
 * the owner's to emit, so it comes out once even when no member had anything to send.
 */
public final class GroupTotalRdd<T> extends Rdd<T> {

    /** The single key; an Integer, whose hash is the same in every process. */
    static final Integer TOTAL = 0;

    private final ShuffledRdd<Integer, ?, T> combined;
    private final KeyExchangeStep step;
    /** What the owner emits when no member had anything; null for nothing. */
    private final T empty;

    private GroupTotalRdd(ShuffledRdd<Integer, ?, T> combined, KeyExchangeStep step, T empty) {
        this.combined = combined.exchangedThrough(step);
        this.step = step;
        this.empty = empty;
    }

    /** The number of elements of the group's batch, on the owner only; 0 there for an empty batch. */
    public static <E> Rdd<Long> count(Rdd<E> part, KeyExchangeStep step) {
        Rdd<Pair<Integer, Long>> ones = new PipelinedRdd<>(part, Stage.map(e -> Pair.of(TOTAL, 1L)));
        return new GroupTotalRdd<>(new ShuffledRdd<>(ones, Aggregator.reducing(Long::sum), 1), step, 0L);
    }

    /** The group's batch reduced by {@code f}, on the owner only; nothing for an empty batch. */
    public static <E> Rdd<E> reduce(Rdd<E> part, BinaryOperator<E> f, KeyExchangeStep step) {
        Rdd<Pair<Integer, E>> keyed = new PipelinedRdd<>(part, Stage.map(e -> Pair.of(TOTAL, e)));
        return new GroupTotalRdd<>(new ShuffledRdd<>(keyed, Aggregator.reducing(f), 1), step, null);
    }

    @Override
    public int numPartitions() {
        return 1;
    }

    @Override
    public void compute(int p, Consumer<? super T> out) {
        T value = combined.partition(0).get(TOTAL);
        if (value != null) {
            out.accept(value);
        } else if (empty != null && step.owned().get(step.keyPartitionOf(TOTAL))) {
            out.accept(empty);
        }
    }

    @Override
    public List<Rdd<?>> parents() {
        return List.of(combined);
    }
}
