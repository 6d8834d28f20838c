package dev.sluice.runtime.internal.operators.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import dev.sluice.api.Partitioner;
import dev.sluice.api.StateSpec;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.exec.ShuffleStage;
import dev.sluice.runtime.internal.exec.ShuffledRdd;
import dev.sluice.runtime.internal.exec.WorkerPool;

/**
 * One batch of mapWithState: the mapping function called for each new value of a key and for each
 * key timing out, nothing else. The state tables carry over from the previous batch and are
 * changed only once every partition has succeeded, so a failing function fails its batch and
 * leaves the state as it was.
 */
public final class MapWithStateRdd<K, V, S, M> extends Rdd<M> implements ShuffleStage {

    /** A state in {@link Changes} that says the key is removed. */
    private static final Object REMOVED = new Object();

    /** What one partition's batch changes: keys with their new states ({@link #REMOVED} for removed keys), and mapped values. */
    private record Changes<K, M>(List<K> keys, List<Object> states, List<M> mapped) {
        void set(K key, Object state) {
            keys.add(key);
            states.add(state);
        }
    }

    private final StateSpec<K, V, S, M> spec;
    private final long time;
    private final int numPartitions;
    private final Partitioner partitioner;
    private MapWithStateRdd<K, V, S, M> previous;
    private ShuffledRdd<K, V, List<V>> values;
    private StateTables<K, S> tables;
    private List<M>[] mapped;

    public MapWithStateRdd(MapWithStateRdd<K, V, S, M> previous, ShuffledRdd<K, V, List<V>> values,
                           StateSpec<K, V, S, M> spec, long time, int numPartitions) {
        this(previous, values, spec, time, Partitioner.hash(numPartitions));
    }

    /** The state partitioned by {@code partitioner}, as {@code values} are. */
    public MapWithStateRdd(MapWithStateRdd<K, V, S, M> previous, ShuffledRdd<K, V, List<V>> values,
                           StateSpec<K, V, S, M> spec, long time, Partitioner partitioner) {
        this.previous = previous;
        this.values = values;
        this.spec = spec;
        this.time = time;
        this.numPartitions = partitioner.numPartitions();
        this.partitioner = partitioner;
    }

    /** The batch a restored state stands for: its tables, and no mapped values of its own. */
    @SuppressWarnings("unchecked")
    static <K, V, S, M> MapWithStateRdd<K, V, S, M> restored(StateTables<K, S> tables, StateSpec<K, V, S, M> spec,
                                                               long time) {
        var rdd = new MapWithStateRdd<K, V, S, M>(null, null, spec, time, tables.numPartitions());
        rdd.tables = tables;
        rdd.mapped = new List[tables.numPartitions()];
        Arrays.fill(rdd.mapped, List.of());
        return rdd;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized void runMapStage(WorkerPool pool) {
        if (mapped != null) {
            return;
        }
        StateTables<K, S> state = previous != null ? previous.tables()
                : new StateTables<>(partitioner, spec.initialState(), time);
        Changes<K, M>[] changes = new Changes[numPartitions];
        List<M>[] out = new List[numPartitions];
        try {
            pool.runTasks(numPartitions, r -> changes[r] = map(state.table(r), values.partition(r)));
            pool.runTasks(numPartitions, r -> out[r] = apply(state.table(r), changes[r]));
        } catch (RuntimeException | Error e) {
            for (int r = 0; r < numPartitions; r++) {
                out[r] = List.of();
            }
            throw e;
        } finally {
            tables = state;
            mapped = out;
            previous = null;
            values = null;
        }
    }

    private Changes<K, M> map(TouchTable<K, S> table, Map<K, List<V>> batch) {
        var changes = new Changes<K, M>(new ArrayList<>(batch.size()), new ArrayList<>(batch.size()), new ArrayList<>());
        var function = spec.mappingFunction();
        batch.forEach((key, vs) -> {
            TouchTable.Slot<K, S> before = table.get(key);
            var st = new KeyState<>(before == null ? null : before.state, before != null, false);
            for (V v : vs) {
                M m = function.apply(key, Optional.ofNullable(v), st);
                if (m != null) {
                    changes.mapped().add(m);
                }
            }
            if (st.exists()) {
                changes.set(key, st.getOption().orElse(null));
            } else if (before != null) {
                changes.set(key, REMOVED);
            }
        });
        spec.timeout().ifPresent(timeout -> table.forEachTouchedBy(time - timeout.toMillis(), slot -> {
            if (!batch.containsKey(slot.key)) {
                var st = new KeyState<>(slot.state, true, true);
                M m = function.apply(slot.key, Optional.empty(), st);
                if (m != null) {
                    changes.mapped().add(m);
                }
                changes.set(slot.key, REMOVED);
            }
        }));
        return changes;
    }

    @SuppressWarnings("unchecked")
    private List<M> apply(TouchTable<K, S> table, Changes<K, M> changes) {
        for (int i = 0; i < changes.keys().size(); i++) {
            Object state = changes.states().get(i);
            if (state == REMOVED) {
                table.remove(changes.keys().get(i));
            } else {
                table.touch(changes.keys().get(i), (S) state, time);
            }
        }
        return changes.mapped();
    }

    synchronized StateTables<K, S> tables() {
        if (tables == null) {
            throw new IllegalStateException("mapWithState read before its batch ran");
        }
        return tables;
    }

    @Override
    public int numPartitions() {
        return numPartitions;
    }

    @Override
    public void compute(int p, Consumer<? super M> out) {
        List<M>[] result;
        synchronized (this) {
            result = mapped;
        }
        result[p].forEach(out);
    }

    @Override
    public synchronized List<Rdd<?>> parents() {
        if (mapped != null) {
            return List.of();
        }
        var all = new ArrayList<Rdd<?>>(List.of(values));
        if (previous != null) {
            all.add(previous);
        }
        return all;
    }
}
