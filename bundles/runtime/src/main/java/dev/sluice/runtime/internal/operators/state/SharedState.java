package dev.sluice.runtime.internal.operators.state;

import dev.sluice.api.Partitioner;
import dev.sluice.api.spi.KeyExchange;
import dev.sluice.runtime.internal.exec.KeyExchangeStep;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A keyed stage's state in a stream a group shares, for one batch: this member holds the keys of
 * the key partitions the exchange gave it in the batch, and nothing else. A partition it no longer
 * owns is dropped (its next owner restores it); one whose reading began from the group's committed
 * progress (newly owned, or read again after a refused commit) gets the state its changelog holds
 * as of the last committed batch, replacing anything held here, which may be ahead of that. The
 * batch's changes go to the changelog, which writes them with the batch's output.
 */
final class SharedState<K, S> {

    private final KeyExchangeStep step;
    private final Partitioner partitioner;
    private final KeyExchange.StateChangelog changelog;
    private BitSet owned;
    private BitSet restoredPartitions;
    /** The restored keys and states, by this member's shuffle partition. */
    private List<Map<K, S>> restored;

    SharedState(KeyExchangeStep step, Partitioner partitioner) {
        this.step = step;
        this.partitioner = partitioner;
        this.changelog = step.shuffle().changelog();
    }

    /**
     * Shuffle partition {@code r}'s state before the batch, aligned with what this member owns now;
     * {@code before} is changed when {@code mayChange}, else copied. The exchange must have run.
     */
    Map<K, S> align(int r, Map<K, S> before, boolean mayChange) {
        load();
        Map<K, S> table = mayChange ? before : new HashMap<>(before);
        table.keySet().removeIf(k -> {
            int p = step.keyPartitionOf(k);
            return !owned.get(p) || restoredPartitions.get(p);
        });
        table.putAll(restored.get(r));
        return table;
    }

    /** Reads the restored partitions once, on the first partition's build. */
    @SuppressWarnings("unchecked")
    private synchronized void load() {
        if (restored != null) {
            return;
        }
        owned = step.owned();
        restoredPartitions = new BitSet();
        var tables = new ArrayList<Map<K, S>>();
        for (int r = 0; r < partitioner.numPartitions(); r++) {
            tables.add(new HashMap<>());
        }
        changelog.restored(step.batch()).forEach((p, entries) -> {
            if (!owned.get(p)) {
                return;
            }
            restoredPartitions.set(p);
            for (KeyExchange.StateEntry e : entries) {
                K key = (K) step.codec().decode(e.key()).get(0);
                S state = (S) step.codec().decode(e.state()).get(0);
                tables.get(partitioner.partition(key)).put(key, state);
            }
        });
        restored = tables;
    }

    /**
     * Hands the batch's changes to the changelog: per shuffle partition, key then new state (null
     * for a removed key), in pairs.
     */
    void write(List<List<Object>> changes) {
        var byKeyPartition = new HashMap<Integer, List<KeyExchange.StateEntry>>();
        for (List<Object> partition : changes) {
            for (int i = 0; i + 1 < partition.size(); i += 2) {
                Object key = partition.get(i);
                Object state = partition.get(i + 1);
                byKeyPartition.computeIfAbsent(step.keyPartitionOf(key), p -> new ArrayList<>())
                        .add(new KeyExchange.StateEntry(step.codec().encode(List.of(key)),
                                state == null ? null : step.codec().encode(List.of(state))));
            }
        }
        byKeyPartition.forEach((p, entries) -> changelog.write(step.batch(), p, entries));
    }
}
