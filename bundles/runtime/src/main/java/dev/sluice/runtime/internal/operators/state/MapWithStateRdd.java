package dev.sluice.runtime.internal.operators.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import dev.sluice.api.Pair;
import dev.sluice.api.Partitioner;
import dev.sluice.api.StateSpec;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.exec.ShuffleStage;
import dev.sluice.runtime.internal.exec.WorkerPool;

/**
 * One batch of mapWithState: the mapping function called for each record, in its order within the
 * partition, and for each key timing out, nothing else. The state tables carry over from the
 * previous batch and are changed in place; if any partition fails, every partition's changes are
 * undone, so a failing function fails its batch and leaves the state as it was.
 */
public final class MapWithStateRdd<K, V, S, M> extends Rdd<M> implements ShuffleStage {

    private final StateSpec<K, V, S, M> spec;
    private final long time;
    private final int numPartitions;
    private final Partitioner partitioner;
    private MapWithStateRdd<K, V, S, M> previous;
    /** The batch's records: partitioned by key already, or, if {@link #dealing}, as the batch came. */
    private Rdd<Pair<K, V>> values;
    /** Whether this stage deals {@link #values} to the partitions itself, resolving each key to its slot as it goes. */
    private boolean dealing;
    private StateTables<K, S> tables;
    private List<M>[] mapped;
    /** In a stream a group shares, the state's place in the group; else null. */
    private SharedState shared;

    /** The state partitioned by {@code partitioner}, as {@code values} are. */
    public MapWithStateRdd(MapWithStateRdd<K, V, S, M> previous, Rdd<Pair<K, V>> values,
                           StateSpec<K, V, S, M> spec, long time, Partitioner partitioner) {
        this.previous = previous;
        this.values = values;
        this.spec = spec;
        this.time = time;
        this.numPartitions = partitioner.numPartitions();
        this.partitioner = partitioner;
    }

    /**
     * A batch of a stream that holds its whole state on this container, from the batch's records as
     * they came: the stage deals them to the partitions itself, each key resolved to its slot in the
     * previous state as it is dealt ({@link DealtRecords}), rather than holding every record's key until
     * its partition's turn.
     */
    public static <K, V, S, M> MapWithStateRdd<K, V, S, M> dealing(MapWithStateRdd<K, V, S, M> previous,
            Rdd<Pair<K, V>> batch, StateSpec<K, V, S, M> spec, long time, Partitioner partitioner) {
        var rdd = new MapWithStateRdd<>(previous, batch, spec, time, partitioner);
        rdd.dealing = true;
        return rdd;
    }

    /**
     * Holds the key partitions {@code state} says this member owns, and writes each key the batch
     * called the function for (its state and touch time, or its removal) to the changelog.
     */
    MapWithStateRdd<K, V, S, M> sharedAs(SharedState state) {
        this.shared = state;
        return this;
    }

    /** The batch a restored state stands for: its tables, and no mapped values of its own. */
    @SuppressWarnings("unchecked")
    static <K, V, S, M> MapWithStateRdd<K, V, S, M> restored(StateTables<K, S> tables, StateSpec<K, V, S, M> spec,
                                                               long time) {
        var rdd = new MapWithStateRdd<K, V, S, M>(null, null, spec, time, Partitioner.hash(tables.numPartitions()));
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
        // in a group, the initial state comes with each key partition's restore
        StateTables<K, S> state = previous != null ? previous.tables() : new StateTables<>(partitioner,
                shared == null ? spec.initialState() : List.of(), time, spec.timeout().isPresent());
        if (shared != null) {
            boolean look = state.holdsBeyond(shared.kept());
            pool.runTasks(numPartitions, r -> state.align(r, shared::keeps, shared.restored(r), look));
            state.holding(shared.owned());
        }
        var runs = new PartitionRun[numPartitions];
        for (int r = 0; r < numPartitions; r++) {
            runs[r] = new PartitionRun(state.table(r));
        }
        List<M>[] out = new List[numPartitions];
        List<Set<K>> called = new ArrayList<>();
        for (int r = 0; r < numPartitions; r++) {
            called.add(shared == null ? null : new LinkedHashSet<>());
        }
        try {
            DealtRecords<K, V, S> dealt = dealing ? DealtRecords.deal(values, state, partitioner, pool) : null;
            pool.runTasks(numPartitions, r -> out[r] = runs[r].run(() -> apply(state.table(r), r, called.get(r), dealt)));
            for (PartitionRun run : runs) {
                run.table.commit();
            }
            if (shared != null) {
                shared.write(changes(state, called));
            }
        } catch (RuntimeException | Error e) {
            for (PartitionRun run : runs) {
                run.abandon();
            }
            Arrays.fill(out, List.of());
            throw e;
        } finally {
            tables = state;
            mapped = out;
            previous = null;
            values = null;
        }
    }

    /** Each key in {@code called}, as the changelog gets it: its state and touch time, or null once removed. */
    private List<List<Object>> changes(StateTables<K, S> state, List<Set<K>> called) {
        var changes = new ArrayList<List<Object>>();
        for (int r = 0; r < numPartitions; r++) {
            var partition = new ArrayList<Object>();
            TouchTable<K, S> table = state.table(r);
            for (K key : called.get(r)) {
                int i = table.indexOf(key);
                partition.add(key);
                partition.add(i < 0 || !table.taken(i) ? null : Arrays.asList(table.stateAt(i), table.touchedAt(i)));
            }
            changes.add(partition);
        }
        return changes;
    }

    /**
     * One partition's batch, applied to its table in place: every record, then the keys timing out;
     * adds each key it calls the function for to {@code called}, unless null.
     */
    private List<M> apply(TouchTable<K, S> table, int r, Set<K> called, DealtRecords<K, V, S> dealt) {
        // a value per record, mostly: sized for them, the list is not copied as it grows
        var out = new ArrayList<M>(dealt != null ? dealt.records(r) : 16);
        var function = spec.mappingFunction();
        var st = new KeyState<S>();
        var record = new DealtRecords.Visitor<K, V>() {
            /** The last value's Optional: most records of a count carry the same value, which then makes none. */
            private V last;
            private Optional<V> lastOptional = Optional.empty();

            @Override
            public void record(int slot, K key, V value) {
                if (value != last) {
                    last = value;
                    lastOptional = Optional.ofNullable(value);
                }
                int i = slot >= 0 ? slot : table.indexOf(key); // a key new to the batch may have come earlier in it
                boolean has = i >= 0 && table.taken(i);
                K k = slot < 0 && i >= 0 ? table.keyAt(i) : key; // the table's instance: the record's own dies young
                if (called != null) {
                    called.add(k);
                }
                M m = function.apply(k, lastOptional, has ? st.inSlot(table, i, false) : st.reset(null, false, false));
                if (m != null) {
                    out.add(m);
                }
                if (st.exists() && !st.changed()) {
                    table.retouchAt(i, time);
                } else if (st.exists() && i >= 0) {
                    table.touchAt(i, st.value(), time);
                } else if (st.exists()) {
                    table.touch(k, st.value(), time);
                } else if (has) {
                    table.drop(i);
                }
            }
        };
        // room for the batch's new keys first: the slots the records were dealt stay where they are
        if (dealt != null) {
            table.reserve(dealt.newKeys(r));
            dealt.forEach(r, table, record);
        } else {
            var pairs = new ArrayList<Pair<K, V>>();
            values.compute(r, pairs::add);
            table.reserve(pairs.size());
            pairs.forEach(pair -> record.record(-1, pair.key(), pair.value()));
        }
        spec.timeout().ifPresent(timeout -> table.forEachTimingOut(time - timeout.toMillis(), i -> {
            K key = table.keyAt(i);
            if (called != null) {
                called.add(key);
            }
            M m = function.apply(key, Optional.empty(), st.inSlot(table, i, true));
            if (m != null) {
                out.add(m);
            }
            table.drop(i);
        }));
        return out;
    }

    /**
     * A partition's task and its table's changes: undone when the batch fails, at once if the task
     * has ended, else when it ends (a task still running when its batch was given up).
     */
    private static final class PartitionRun {
        final TouchTable<?, ?> table;
        private boolean ended;
        private boolean abandoned;

        PartitionRun(TouchTable<?, ?> table) {
            this.table = table;
        }

        <T> T run(Supplier<T> task) {
            table.begin();
            try {
                return task.get();
            } finally {
                synchronized (this) {
                    ended = true;
                    if (abandoned) {
                        table.rollback();
                    }
                }
            }
        }

        synchronized void abandon() {
            abandoned = true;
            if (ended) {
                table.rollback();
            }
        }
    }

    /** Lets the mapped values go: their batch is done and only the tables are read from now on. */
    synchronized void releaseMapped() {
        if (mapped != null) {
            Arrays.fill(mapped, List.of());
        }
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
