package dev.sluice.runtime.internal.operators.state;

import dev.sluice.runtime.internal.exec.ShuffledRdd;
import dev.sluice.runtime.internal.exec.Rdd;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import dev.sluice.api.Pair;
import dev.sluice.api.Partitioner;
import dev.sluice.runtime.internal.exec.WorkerPool;

/**
 * updateStateByKey's state after one batch: the update function called for every key that has
 * state or new values (with an empty list when no values came); a key whose function returns
 * empty is dropped. When nothing reads the previous batch's state any more, its tables are
 * updated in place rather than copied: a large state then costs no new table per batch, and the
 * keys whose state did not change make no work for the collector. In a stream a group shares, the
 * state holds the key partitions this member owns ({@link SharedState}), and each batch's changes
 * go to the group's changelog.
 */
public final class StateRdd<K, V, S> extends KeyedTablesRdd<K, S> {

    /** A new state in {@link Update} that says the key is dropped. */
    private static final Object DROPPED = new Object();

    /** One partition's changes to its previous table: new states in its iteration order, then new keys. */
    private record Update<K>(Map<K, ?> table, Object[] states, Map<K, Object> added) {
    }

    private final BiFunction<? super List<V>, ? super Optional<S>, Optional<S>> update;
    private final boolean inPlace;
    private KeyedTablesRdd<K, S> previous;
    private ShuffledRdd<K, V, List<V>> values;
    private Update<K>[] updates;
    /** In a shared stream, the state's place in the group; else null. */
    private SharedState shared;
    /** In a shared stream, each partition's changed keys and their new states (null: removed), in pairs. */
    private List<List<Object>> changed;
    /** In a shared stream, each partition's state as aligned with what this member owns, before the batch. */
    private List<Map<K, S>> aligned;
    /** When the stage deals the batch itself ({@link #dealing}): the batch's pairs as they came; else null. */
    private Rdd<? extends Pair<K, V>> batch;
    private Partitioner partitioner;
    /** When dealing: each partition's state, its batch's values by slot, its new states and its new keys' states. */
    private StateTable<K, S>[] tables;
    private DealtValues<K, V> dealt;
    private NewStates<K, S>[] pending;
    private Map<K, S>[] added;

    /** @param inPlace whether {@code previous}' tables are read by nothing else from now on, so may be changed */
    @SuppressWarnings("unchecked")
    public StateRdd(KeyedTablesRdd<K, S> previous, ShuffledRdd<K, V, List<V>> values,
                    BiFunction<? super List<V>, ? super Optional<S>, Optional<S>> update, int numPartitions,
                    boolean inPlace) {
        super(numPartitions);
        this.previous = previous;
        this.values = values;
        this.update = update;
        this.inPlace = inPlace && previous != null;
        this.updates = new Update[numPartitions];
    }

    /**
     * A batch of a stream that holds its whole state on this container and may change the previous
     * state in place: the stage deals the batch's pairs to the state's partitions itself, each value
     * to its key's slot ({@link DealtValues}), and the update then reads every key's state and values
     * in slot order, with no table of the batch's keys and no second lookup.
     */
    @SuppressWarnings("unchecked")
    public static <K, V, S> StateRdd<K, V, S> dealing(KeyedTablesRdd<K, S> previous, Rdd<? extends Pair<K, V>> batch,
            BiFunction<? super List<V>, ? super Optional<S>, Optional<S>> update, Partitioner partitioner) {
        int n = partitioner.numPartitions();
        var rdd = new StateRdd<K, V, S>(previous, null, update, n, true);
        rdd.batch = batch;
        rdd.partitioner = partitioner;
        rdd.tables = new StateTable[n];
        rdd.pending = new NewStates[n];
        rdd.added = new Map[n];
        return rdd;
    }

    @Override
    protected void prepare(WorkerPool pool) {
        if (batch == null) {
            return;
        }
        for (int r = 0; r < numPartitions(); r++) {
            // a state restored or given as initial state is a hash map: taken over as a table once
            tables[r] = previous == null ? new StateTable<>(16) : tableOf(previous.partition(r));
        }
        dealt = DealtValues.deal(batch, tables, partitioner, pool);
    }

    /** A table holding {@code state}'s keys and states: {@code state} itself if it is one. */
    private static <K, S> StateTable<K, S> tableOf(Map<K, S> state) {
        if (state instanceof StateTable<K, S> table) {
            return table;
        }
        var table = new StateTable<K, S>(state.size());
        state.forEach(table::put);
        return table;
    }

    /** Every key's new state from its slot's values, then the new keys', into {@link #pending} and {@link #added}. */
    private Map<K, S> updateDealt(int r) {
        StateTable<K, S> table = tables[r];
        DealtValues.Partition<K, V> values = dealt.partition(r, table.capacity());
        var next = new NewStates<>(table);
        for (int i = 0; i < table.capacity(); i++) {
            if (table.taken(i)) {
                next.set(i, update.apply(values.at(i), Optional.of(table.stateAt(i))).orElse(null));
            }
        }
        var fresh = new LinkedHashMap<K, S>();
        values.newKeys().forEach((k, vs) -> update.apply(vs, Optional.empty()).ifPresent(s -> fresh.put(k, s)));
        pending[r] = next;
        added[r] = fresh;
        return table;
    }

    /** Holds the key partitions {@code state} says this member owns, and writes the changes to its changelog. */
    StateRdd<K, V, S> sharedAs(SharedState state) {
        this.shared = state;
        this.changed = new ArrayList<>();
        this.aligned = new ArrayList<>();
        for (int r = 0; r < numPartitions(); r++) {
            changed.add(null);
            aligned.add(null);
        }
        return this;
    }

    @Override
    protected Map<K, S> build(int r) {
        if (batch != null) {
            return updateDealt(r);
        }
        Map<K, S> before = previous == null ? Map.of() : previous.partition(r);
        if (shared != null) {
            before = aligned(r, before);
            aligned.set(r, before);
        }
        Map<K, List<V>> batch = values.partition(r);
        if (inPlace) {
            updates[r] = changes(before, batch);
            if (shared != null) {
                changed.set(r, changedKeys(updates[r]));
            }
            return before;
        }
        var keys = new HashSet<K>(before.keySet());
        keys.addAll(batch.keySet());
        var after = new HashMap<K, S>(keys.size() * 4 / 3 + 1);
        for (K k : keys) {
            update.apply(batch.getOrDefault(k, List.of()), Optional.ofNullable(before.get(k)))
                    .ifPresent(s -> after.put(k, s));
        }
        if (shared != null) {
            changed.set(r, changedKeys(before, after));
        }
        return after;
    }

    /** Partition {@code r}'s state before the batch, with the keys of the key partitions this member owns now. */
    @SuppressWarnings("unchecked")
    private Map<K, S> aligned(int r, Map<K, S> before) {
        Map<K, S> table = inPlace ? before : new HashMap<>(before);
        table.keySet().removeIf(k -> !shared.keeps(k));
        for (Object[] e : shared.restored(r)) {
            table.put((K) e[0], (S) e[1]);
        }
        return table;
    }

    /** The keys whose state {@code u} changes, each with its new state or null when dropped. */
    private List<Object> changedKeys(Update<K> u) {
        var out = new ArrayList<>();
        int i = 0;
        for (Map.Entry<K, ?> e : u.table().entrySet()) {
            Object s = u.states()[i++];
            if (s == DROPPED || !SameValue.unchanged(e.getValue(), s)) {
                out.add(e.getKey());
                out.add(s == DROPPED ? null : List.of(s));
            }
        }
        u.added().forEach((k, s) -> {
            out.add(k);
            out.add(List.of(s));
        });
        return out;
    }

    private List<Object> changedKeys(Map<K, S> before, Map<K, S> after) {
        var out = new ArrayList<>();
        after.forEach((k, s) -> {
            if (!SameValue.unchanged(before.get(k), s)) {
                out.add(k);
                out.add(List.of(s));
            }
        });
        before.keySet().forEach(k -> {
            if (!after.containsKey(k)) {
                out.add(k);
                out.add(null);
            }
        });
        return out;
    }

    @Override
    protected void committed() {
        if (shared != null) {
            shared.write(changed);
        }
    }

    /** Every key's new state, without changing {@code before}. */
    private Update<K> changes(Map<K, S> before, Map<K, List<V>> batch) {
        Object[] states = new Object[before.size()];
        int i = 0;
        for (Map.Entry<K, S> e : before.entrySet()) {
            Optional<S> s = update.apply(batch.getOrDefault(e.getKey(), List.of()), Optional.of(e.getValue()));
            states[i++] = s.isPresent() ? s.get() : DROPPED;
        }
        var added = new HashMap<K, Object>();
        batch.forEach((k, vs) -> {
            if (!before.containsKey(k)) {
                update.apply(vs, Optional.empty()).ifPresent(s -> added.put(k, s));
            }
        });
        return new Update<>(before, states, added);
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void commit(int r) {
        if (batch != null) {
            pending[r].apply();
            added[r].forEach(tables[r]::put);
            return;
        }
        Update<K> u = updates[r];
        if (u == null) {
            return;
        }
        var table = (Map<K, Object>) u.table();
        int i = 0;
        // the same iteration order as when the states were computed: nothing changed the table since
        for (var it = table.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<K, Object> e = it.next();
            Object s = u.states()[i++];
            if (s == DROPPED) {
                it.remove();
            } else if (!SameValue.same(e.getValue(), s)) {
                e.setValue(s);
            }
        }
        table.putAll(u.added());
        updates[r] = null;
    }

    /**
     * The state as before this batch: the batch's values are lost, the state is not (in a shared
     * stream, with the state restored for this batch, which is not read again).
     */
    @Override
    protected Map<K, S> fallback(int r) {
        Map<K, S> before = previous == null ? new HashMap<>() : previous.partition(r);
        if (shared == null || !shared.loaded()) {
            return before;
        }
        // a partition whose build did not run yet (another one failed first) is aligned now
        return aligned.get(r) != null ? aligned.get(r) : aligned(r, before);
    }

    @Override
    protected List<Rdd<?>> inputs() {
        var all = new ArrayList<Rdd<?>>(List.of(batch != null ? batch : values));
        if (previous != null) {
            all.add(previous);
        }
        if (shared != null) {
            all.addAll(shared.inputs());
        }
        return all;
    }

    @Override
    protected void releaseInputs() {
        previous = null;
        values = null;
        updates = null;
        batch = null;
        tables = null;
        dealt = null;
        pending = null;
        added = null;
        changed = null;
        aligned = null;
    }
}
