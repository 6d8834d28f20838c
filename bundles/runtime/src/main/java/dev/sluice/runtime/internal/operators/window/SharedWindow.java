package dev.sluice.runtime.internal.operators.window;

import dev.sluice.api.Pair;
import dev.sluice.api.Partitioner;
import dev.sluice.api.Time;
import dev.sluice.api.spi.KeyExchange;
import dev.sluice.runtime.internal.exec.Aggregator;
import dev.sluice.runtime.internal.exec.KeyExchangeStep;
import dev.sluice.runtime.internal.exec.ShuffledRdd;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A keyed window in a stream a group shares: each batch's values meet, reduced, on the owner of
 * their key partition, which holds that partition's batches still in the window (and, with an
 * inverse function, its window value) and logs them in the group's changelog with each slide's
 * output. Each key's values cross the exchange by the batch they belong to, so a batch that the
 * exchange gives again later (its reading began again from the group's committed progress) is
 * still counted in its own batch, as one container counts it. A partition that comes here from the
 * group's committed progress (newly owned, or read again after a refused commit) starts from what
 * its changelog holds, replacing anything held here, and what this member reduced of it earlier in
 * the slide is dropped (the exchange gives it again). A partition no longer owned is dropped. A
 * batch that comes after every window holding it has passed (no member held its partition then, so
 * none of those windows was committed with it) is counted with the batch it came with, not lost.
 */
final class SharedWindow<K, V> {

    /** One batch of the slide exchanged through its step: each key's values reduced per batch they belong to. */
    record Entering<K, V>(Time batch, KeyExchangeStep step, ShuffledRdd<K, V, TreeMap<Long, V>> reduced) {
    }

    /**
     * Combines batch {@code batch}'s values per key with {@code perBatch}, kept by the batch's time
     * so that exchanged values keep their batch. A combiner too large for one record of the
     * exchange goes in halves: its batches, or one batch's value as {@code perBatch} splits it.
     */
    static <V> Aggregator<V, TreeMap<Long, V>> reducingIn(Time batch, Aggregator<V, V> perBatch) {
        long at = batch.millis();
        return new Aggregator<>() {
            @Override
            public <K> void add(Map<K, TreeMap<Long, V>> combiners, K key, V value) {
                perBatch.add(combiners.computeIfAbsent(key, k -> new TreeMap<>()), at, value);
            }

            @Override
            public TreeMap<Long, V> merge(TreeMap<Long, V> a, TreeMap<Long, V> b) {
                b.forEach((t, v) -> a.merge(t, v, perBatch::merge));
                return a;
            }

            @Override
            @SuppressWarnings("unchecked")
            public TreeMap<Long, V>[] halves(TreeMap<Long, V> byBatch) {
                if (byBatch.size() > 1) {
                    Long middle = byBatch.navigableKeySet().stream().skip(byBatch.size() / 2).findFirst().orElseThrow();
                    return new TreeMap[] {new TreeMap<>(byBatch.headMap(middle)), new TreeMap<>(byBatch.tailMap(middle))};
                }
                var only = byBatch.firstEntry();
                V[] pieces = only == null ? null : perBatch.halves(only.getValue());
                if (pieces == null) {
                    return null;
                }
                var first = new TreeMap<Long, V>();
                first.put(only.getKey(), pieces[0]);
                var second = new TreeMap<Long, V>();
                second.put(only.getKey(), pieces[1]);
                return new TreeMap[] {first, second};
            }
        };
    }

    /** One slide's windows, per key partition owned, and as tables by this member's shuffle partitions. */
    record Slide<K, V>(Time time, KeyExchange.StateChangelog changelog, Map<Integer, KeyPartitionWindow<K, V>> windows,
                       Map<K, V>[] tables) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(SharedWindow.class);

    private final BinaryOperator<V> reduce;
    private final Aggregator<V, V> perBatch;
    private final BinaryOperator<V> inverse;
    private final Predicate<? super Pair<K, V>> keep;
    private final Duration window;
    private final Partitioner partitioner;
    /** The window of each key partition this member owned at its last slide. */
    private final Map<Integer, KeyPartitionWindow<K, V>> held = new HashMap<>();
    private WindowChangelog log;

    /**
     * {@code reduce} merges a key's values of different batches and must leave its arguments as they
     * are (they stay held); {@code perBatch} combines a key's values of one batch (its exchange and
     * changelog records) and may change its own combiners in place.
     */
    SharedWindow(BinaryOperator<V> reduce, Aggregator<V, V> perBatch, BinaryOperator<V> inverse,
                 Predicate<? super Pair<K, V>> keep, Duration window, Partitioner partitioner) {
        this.reduce = reduce;
        this.perBatch = perBatch;
        this.inverse = inverse;
        this.keep = keep;
        this.window = window;
        this.partitioner = partitioner;
    }

    /**
     * The windows at {@code time} of the key partitions the slide's last batch gave this member.
     * Partitions restored or dropped are so from now on, whether the slide commits or fails.
     */
    synchronized Slide<K, V> slide(Time time, List<Entering<K, V>> entering) {
        KeyExchangeStep last = entering.get(entering.size() - 1).step();
        if (log == null) {
            log = new WindowChangelog(last.codec(), inverse != null, perBatch);
        }
        KeyExchange.StateChangelog changelog = last.shuffle().changelog();
        BitSet owned = last.owned();
        held.keySet().removeIf(p -> !owned.get(p));
        var restartedAt = new HashMap<Integer, Time>();
        for (Entering<K, V> e : entering) {
            changelog.restored(e.batch()).forEach((p, entries) -> {
                if (owned.get(p)) {
                    held.put(p, log.restored(entries));
                    restartedAt.put(p, e.batch());
                }
            });
        }
        Time leftUpTo = time.minus(window);
        var entered = new HashMap<Integer, TreeMap<Time, Map<K, V>>>();
        var late = new TreeMap<Integer, TreeMap<Time, Time>>();
        for (Entering<K, V> e : entering) {
            for (int r = 0; r < e.reduced().numPartitions(); r++) {
                e.reduced().partition(r).forEach((k, byBatch) -> {
                    int p = last.keyPartitionOf(k);
                    Time restart = restartedAt.get(p);
                    if (owned.get(p) && (restart == null || !e.batch().isBefore(restart))) {
                        TreeMap<Time, Map<K, V>> batches = entered.computeIfAbsent(p, q -> new TreeMap<>());
                        byBatch.forEach((t, v) -> {
                            Time at = new Time(t);
                            if (!at.isAfter(leftUpTo)) {
                                // no window holding it was committed (no member held the partition then):
                                // counted with the batch it came with rather than lost
                                late.computeIfAbsent(p, q -> new TreeMap<>()).put(at, e.batch());
                                at = e.batch();
                            }
                            batches.computeIfAbsent(at, b -> new HashMap<>()).merge(k, v, reduce);
                        });
                    }
                });
            }
        }
        late.forEach((p, batches) -> LOG.warn("Key partition {}: batches {} to {} came after every window holding"
                + " them had passed, no member holding the partition then; counted in the window at {} with batch {}",
                p, batches.firstKey(), batches.lastKey(), time, batches.lastEntry().getValue()));
        var windows = new HashMap<Integer, KeyPartitionWindow<K, V>>();
        for (int p = owned.nextSetBit(0); p >= 0; p = owned.nextSetBit(p + 1)) {
            windows.put(p, next(held.computeIfAbsent(p, q -> new KeyPartitionWindow<>()), time,
                    entered.getOrDefault(p, new TreeMap<>())));
        }
        return new Slide<>(time, changelog, windows, tables(windows));
    }

    /** Partition {@code base}'s window at {@code time}, with the batches {@code entered} since the slide it is as of. */
    private KeyPartitionWindow<K, V> next(KeyPartitionWindow<K, V> base, Time time, TreeMap<Time, Map<K, V>> entered) {
        Time leftUpTo = time.minus(window);
        var batches = new TreeMap<>(base.batches);
        batches.putAll(entered);
        batches.headMap(leftUpTo, true).clear();
        var values = new HashMap<K, V>();
        if (inverse == null || base.at == null) {
            batches.values().forEach(table -> table.forEach((k, v) -> values.merge(k, v, reduce)));
        } else {
            values.putAll(base.values);
            entered.values().forEach(table -> table.forEach((k, v) -> values.merge(k, v, reduce)));
            base.batches.subMap(base.at.minus(window), false, leftUpTo, true).values().forEach(table ->
                    table.forEach((k, old) -> values.computeIfPresent(k, (key, v) -> inverse.apply(v, old))));
        }
        if (keep != null) {
            values.entrySet().removeIf(e -> !keep.test(Pair.of(e.getKey(), e.getValue())));
        }
        return new KeyPartitionWindow<>(time, values, batches, new TreeMap<>());
    }

    /** The slide computed: its windows are held from now on, and what changed goes to the changelog. */
    synchronized void commit(Slide<K, V> slide) {
        slide.windows().forEach((p, after) -> {
            KeyPartitionWindow<K, V> before = held.getOrDefault(p, new KeyPartitionWindow<>());
            List<KeyExchange.StateEntry> changes = log.changes(before, after);
            if (!changes.isEmpty()) {
                slide.changelog().write(slide.time(), p, changes);
            }
            held.put(p, after);
        });
    }

    /** The windows held, as tables by shuffle partition: what a failed slide leaves (none without an inverse). */
    synchronized Map<K, V>[] heldTables() {
        return inverse == null ? tables(Map.of()) : tables(held);
    }

    @SuppressWarnings("unchecked")
    private Map<K, V>[] tables(Map<Integer, KeyPartitionWindow<K, V>> windows) {
        Map<K, V>[] tables = new Map[partitioner.numPartitions()];
        for (int r = 0; r < tables.length; r++) {
            tables[r] = new HashMap<>();
        }
        windows.values().forEach(w -> w.values.forEach((k, v) -> tables[partitioner.partition(k)].put(k, v)));
        return tables;
    }
}
