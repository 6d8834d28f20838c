package dev.sluice.api;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What {@link PairDStream#mapWithState} does: the mapping function, called once per new value of a
 * key (and once when a key times out), with the key's {@link State}; optionally an idle timeout,
 * an initial state and the number of partitions. Only keys with new data or timing out are touched.
 */
public final class StateSpec<K, V, S, M> {

    /** Maps one value of a key, reading and changing the key's state; a null result maps to nothing. */
    @FunctionalInterface
    public interface MappingFunction<K, V, S, M> {
        M apply(K key, Optional<V> value, State<S> state);
    }

    private final MappingFunction<K, V, S, M> function;
    private final Duration timeout;
    private final List<Pair<K, S>> initialState;
    private final int numPartitions;
    private final Partitioner partitioner;

    private StateSpec(MappingFunction<K, V, S, M> function, Duration timeout, List<Pair<K, S>> initialState,
                      int numPartitions) {
        this(function, timeout, initialState, numPartitions, null);
    }

    private StateSpec(MappingFunction<K, V, S, M> function, Duration timeout, List<Pair<K, S>> initialState,
                      int numPartitions, Partitioner partitioner) {
        this.function = function;
        this.timeout = timeout;
        this.initialState = initialState;
        this.numPartitions = numPartitions;
        this.partitioner = partitioner;
    }

    public static <K, V, S, M> StateSpec<K, V, S, M> function(MappingFunction<K, V, S, M> function) {
        return new StateSpec<>(function, null, List.of(), 0);
    }

    /** Keys that get no data for {@code idle} are called once with no value and then removed. */
    public StateSpec<K, V, S, M> timeout(Duration idle) {
        if (idle.toMillis() <= 0) {
            throw new ConfigException("a state timeout must be positive, got " + idle);
        }
        return new StateSpec<>(function, idle, initialState, numPartitions, partitioner);
    }

    public StateSpec<K, V, S, M> initialState(Collection<Pair<K, S>> state) {
        return new StateSpec<>(function, timeout, List.copyOf(state), numPartitions, partitioner);
    }

    /** The state partitioned by {@code partitioner}; replaces a number of partitions given before. */
    public StateSpec<K, V, S, M> partitioner(Partitioner partitioner) {
        if (partitioner == null) {
            throw new ConfigException("a state's partitioner must not be null; use Partitioner.hash(n)");
        }
        return new StateSpec<>(function, timeout, initialState, 0, partitioner);
    }

    /** The state hash-partitioned into {@code n} partitions; replaces a partitioner given before. */
    public StateSpec<K, V, S, M> numPartitions(int n) {
        if (n < 1) {
            throw new ConfigException("a state needs at least 1 partition, got " + n);
        }
        return new StateSpec<>(function, timeout, initialState, n);
    }

    public MappingFunction<K, V, S, M> mappingFunction() {
        return function;
    }

    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    public List<Pair<K, S>> initialState() {
        return initialState;
    }

    /** The number of partitions (the partitioner's, if one is given), or 0 for the context's default. */
    public int numPartitions() {
        return partitioner != null ? partitioner.numPartitions() : numPartitions;
    }

    /** The partitioner, if one was given rather than a number of partitions. */
    public Optional<Partitioner> partitioner() {
        return Optional.ofNullable(partitioner);
    }
}
