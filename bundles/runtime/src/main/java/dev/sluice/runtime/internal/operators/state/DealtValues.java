package dev.sluice.runtime.internal.operators.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.sluice.api.Pair;
import dev.sluice.api.Partitioner;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.exec.WorkerPool;

/**
 * One batch's values dealt to updateStateByKey's partitions in the map tasks, each value of a key
 * that has state kept as its key's slot in the partition's {@link StateTable}: the key and pair the
 * batch made for it die as they are dealt, and the pass over the state finds each key's values by
 * slot, with no table of the batch's keys to look them up in. A key with no state yet keeps its key.
 */
final class DealtValues<K, V> {

    /** Several values of one key; an application's value is never one. */
    private static final class Several extends ArrayList<Object> {
    }

    /** A null value, as one value of a slot (null there means no value). */
    private static final Object NULL_VALUE = new Object();

    /**
     * Partition {@code r}'s values: per slot of its table none ({@code null}), one (the value itself, or
     * {@link #NULL_VALUE}) or {@link Several}; and the keys with no state yet, in their order.
     */
    record Partition<K, V>(Object[] bySlot, Map<K, List<V>> newKeys) {

        /** The values of slot {@code i}, in arrival order. */
        @SuppressWarnings("unchecked")
        List<V> at(int i) {
            Object v = bySlot[i];
            if (v == null) {
                return List.of();
            }
            if (v instanceof Several several) {
                return (List<V>) several;
            }
            return Collections.singletonList(v == NULL_VALUE ? null : (V) v);
        }
    }

    private final List<DealtSlots[]> shares;

    private DealtValues(List<DealtSlots[]> shares) {
        this.shares = shares;
    }

    /**
     * Deals {@code batch} to the partitions of {@code tables} as {@code partitioner} puts their keys,
     * the map tasks in parallel; only reads the tables.
     */
    static <K, V> DealtValues<K, V> deal(Rdd<? extends Pair<K, V>> batch, StateTable<K, ?>[] tables,
                                         Partitioner partitioner, WorkerPool pool) {
        return new DealtValues<>(DealtSlots.deal(batch, tables, partitioner, pool));
    }

    /** Partition {@code r}'s values gathered per slot of a table of {@code capacity} slots, the dealt shares let go. */
    @SuppressWarnings("unchecked")
    Partition<K, V> partition(int r, int capacity) {
        var bySlot = new Object[capacity];
        var newKeys = new LinkedHashMap<K, List<V>>();
        for (DealtSlots[] task : shares) {
            DealtSlots share = task[r];
            task[r] = null;
            for (int j = 0; j < share.size(); j++) {
                int slot = share.slot(j);
                Object value = share.value(j);
                if (slot < 0) {
                    newKeys.computeIfAbsent((K) share.key(j), k -> new ArrayList<>()).add((V) value);
                    continue;
                }
                Object held = bySlot[slot];
                if (held == null) {
                    bySlot[slot] = value == null ? NULL_VALUE : value;
                } else if (held instanceof Several several) {
                    several.add(value);
                } else {
                    var several = new Several();
                    several.add(held == NULL_VALUE ? null : held);
                    several.add(value);
                    bySlot[slot] = several;
                }
            }
            share.empty();
        }
        return new Partition<>(bySlot, newKeys);
    }
}
