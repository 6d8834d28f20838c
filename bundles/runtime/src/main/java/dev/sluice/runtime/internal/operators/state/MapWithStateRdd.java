package dev.sluice.runtime.internal.operators.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

    /** What one partition's batch changes: new states (null for removed keys) and mapped values. */
    private record Changes<K, S, M>(Map<K, StateTables.Entry<S>> states, List<M> mapped) {
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
        java.util.Arrays.fill(rdd.mapped, List.of());
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
        Changes<K, S, M>[] changes = new Changes[numPartitions];
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

    private Changes<K, S, M> map(LinkedHashMap<K, StateTables.Entry<S>> table, Map<K, List<V>> batch) {
        var states = new HashMap<K, StateTables.Entry<S>>();
        var out = new ArrayList<M>();
        var function = spec.mappingFunction();
        batch.forEach((key, vs) -> {
            StateTables.Entry<S> before = table.get(key);
            var st = new KeyState<>(before == null ? null : before.state(), before != null, false);
            for (V v : vs) {
                M m = function.apply(key, Optional.ofNullable(v), st);
                if (m != null) {
                    out.add(m);
                }
            }
            if (st.exists()) {
                states.put(key, new StateTables.Entry<>(st.getOption().orElse(null), time));
            } else if (before != null) {
                states.put(key, null);
            }
        });
        spec.timeout().ifPresent(timeout -> {
            long threshold = time - timeout.toMillis();
            for (Map.Entry<K, StateTables.Entry<S>> e : table.entrySet()) {
                if (e.getValue().touched() > threshold) {
                    break; // the table is in touch order: no older key follows
                }
                if (!batch.containsKey(e.getKey())) {
                    var st = new KeyState<>(e.getValue().state(), true, true);
                    M m = function.apply(e.getKey(), Optional.empty(), st);
                    if (m != null) {
                        out.add(m);
                    }
                    states.put(e.getKey(), null);
                }
            }
        });
        return new Changes<>(states, out);
    }

    private List<M> apply(LinkedHashMap<K, StateTables.Entry<S>> table, Changes<K, S, M> changes) {
        changes.states().forEach((key, entry) -> {
            if (entry == null) {
                table.remove(key);
            } else {
                StateTables.touch(table, key, entry);
            }
        });
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
