package dev.sluice.runtime.internal.operators.state;

import dev.sluice.api.Partitioner;
import dev.sluice.api.spi.KeyExchange;
import dev.sluice.runtime.internal.exec.KeyExchangeStep;
import dev.sluice.runtime.internal.exec.Rdd;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

/**
 * A keyed stage's state in a stream a group shares, for one batch: this member holds the keys of
 * the key partitions the exchange gave it in the batch, and nothing else. A partition it no longer
 * owns is dropped (its next owner restores it); one whose reading began from the group's committed
 * progress (newly owned, or read again after a refused commit) gets the state its changelog holds
 * as of the last committed batch, replacing anything held here, which may be ahead of that. The
 * batch's changes go to the changelog, which writes them with the batch's output. Each key's state
 * is written as a list of values (a state, and for mapWithState when it was last touched).
 *
 * <p>A stage that starts from an initial state restores a partition as its initial keys with the
 * changelog laid over them. A removed key that is an initial key is written as an empty list
 * rather than a tombstone, so that compaction, which drops tombstones after a while, never brings
 * its initial state back. mapWithState's initial keys are touched in the batch their partition was
 * first restored in, written once as a record with an empty key, so they time out on every owner
 * in the same batch.
 */
final class SharedState {

    private final KeyExchangeStep step;
    private final Partitioner partitioner;
    /** The initial state, or null; and whether each key's values carry the batch it was touched (mapWithState). */
    private final InitialKeys initial;
    private final boolean touchTimes;
    private KeyExchange.StateChangelog changelog;
    private BitSet owned;
    private BitSet restoredPartitions;
    /** The restored keys, each with the values it was written as, by this member's shuffle partition. */
    private List<List<Object[]>> restored;

    SharedState(KeyExchangeStep step, Partitioner partitioner) {
        this(step, partitioner, null, false);
    }

    /** @param initial the initial state, or null for none; @param touchTimes whether states are written with a touch time */
    SharedState(KeyExchangeStep step, Partitioner partitioner, InitialKeys initial, boolean touchTimes) {
        this.step = step;
        this.partitioner = partitioner;
        this.initial = initial;
        this.touchTimes = touchTimes;
    }

    /** What must be computed before the state is restored: the initial dataset, if any. */
    List<Rdd<?>> inputs() {
        return initial == null ? List.of() : initial.inputs();
    }

    /** Whether the state held here for {@code key} stays: its key partition is owned, and not restored. The exchange must have run. */
    boolean keeps(Object key) {
        load();
        int p = step.keyPartitionOf(key);
        return owned.get(p) && !restoredPartitions.get(p);
    }

    /** The key partitions whose keys held here stay ({@link #keeps}): owned, and not restored. */
    BitSet kept() {
        load();
        var kept = (BitSet) owned.clone();
        kept.andNot(restoredPartitions);
        return kept;
    }

    /** The key partitions this member owns in the batch: what its state holds after it. */
    BitSet owned() {
        load();
        return (BitSet) owned.clone();
    }

    /** Shuffle partition {@code r}'s restored keys: each as {key, values written...}. */
    List<Object[]> restored(int r) {
        load();
        return restored.get(r);
    }

    /** Whether the restored partitions were read (and so the keys are known to keep). */
    synchronized boolean loaded() {
        return restored != null;
    }

    /** Reads the restored partitions once, on the first partition's build. */
    private synchronized void load() {
        if (restored != null) {
            return;
        }
        owned = step.owned();
        changelog = step.shuffle().changelog();
        restoredPartitions = new BitSet();
        var tables = new ArrayList<List<Object[]>>();
        for (int r = 0; r < partitioner.numPartitions(); r++) {
            tables.add(new ArrayList<>());
        }
        changelog.restored(step.batch()).forEach((p, entries) -> {
            if (!owned.get(p)) {
                return;
            }
            restoredPartitions.set(p);
            var keys = new LinkedHashMap<Object, List<Object>>();
            Long start = null;
            for (KeyExchange.StateEntry e : entries) {
                List<Object> key = step.codec().decode(e.key());
                List<Object> values = step.codec().decode(e.state());
                if (key.isEmpty()) {
                    start = (Long) values.get(0);
                } else {
                    keys.put(key.get(0), values);
                }
            }
            if (initial != null) {
                addInitialKeys(p, keys, start);
            }
            keys.forEach((key, values) -> {
                if (values.isEmpty()) {
                    return; // an initial key removed
                }
                var entry = new Object[values.size() + 1];
                entry[0] = key;
                for (int i = 0; i < values.size(); i++) {
                    entry[i + 1] = values.get(i);
                }
                tables.get(partitioner.partition(key)).add(entry);
            });
        });
        restored = tables;
    }

    /** Adds to {@code keys} (the changelog's) key partition {@code p}'s initial keys that it does not hold. */
    private void addInitialKeys(int p, Map<Object, List<Object>> keys, Long start) {
        Long touched = null;
        if (touchTimes) {
            touched = start != null ? start : initial.startsIn(p, step.batch().millis());
            if (start != null) {
                initial.startedAt(p, start);
            }
        }
        for (Map.Entry<Object, Object> e : initial.inKeyPartition(p, step::keyPartitionOf).entrySet()) {
            keys.putIfAbsent(e.getKey(), touched == null ? List.of(e.getValue()) : List.of(e.getValue(), touched));
        }
    }

    /**
     * Hands the batch's changes to the changelog: per shuffle partition, each changed key followed by
     * the list of values it is written as, or null when its state is removed.
     */
    void write(List<List<Object>> changes) {
        load();
        var byKeyPartition = new HashMap<Integer, List<KeyExchange.StateEntry>>();
        for (List<Object> partition : changes) {
            for (int i = 0; i + 1 < partition.size(); i += 2) {
                Object key = partition.get(i);
                var values = (List<?>) partition.get(i + 1);
                if (values == null && initial != null && initial.contains(key)) {
                    values = List.of();
                }
                byKeyPartition.computeIfAbsent(step.keyPartitionOf(key), p -> new ArrayList<>())
                        .add(new KeyExchange.StateEntry(step.codec().encode(List.of(key)),
                                values == null ? null : step.codec().encode(values)));
            }
        }
        if (initial != null && touchTimes) {
            initial.takeUnwritten(owned).forEach((p, start) -> byKeyPartition.computeIfAbsent(p, q -> new ArrayList<>())
                    .add(new KeyExchange.StateEntry(step.codec().encode(List.of()), step.codec().encode(List.of(start)))));
        }
        byKeyPartition.forEach((p, entries) -> changelog.write(step.batch(), p, entries));
    }
}
