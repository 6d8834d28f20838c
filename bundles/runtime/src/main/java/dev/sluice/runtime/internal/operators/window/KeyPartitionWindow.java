package dev.sluice.runtime.internal.operators.window;

import dev.sluice.api.Time;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One key partition's part of a keyed window a group shares: its reduced batches still in the
 * window and, with an inverse function, the window's value as of slide {@link #at}. This is what
 * moves with the partition through the changelog.
 */
final class KeyPartitionWindow<K, V> {

    /** The slide the window's value is as of; null before its first window (which reduces every batch). */
    Time at;
    final Map<K, V> values;
    /** Each batch still in the window, reduced per key; a batch with no keys of this partition is left out. */
    final TreeMap<Time, Map<K, V>> batches;
    /** How many changelog records each logged batch of {@link #batches} takes, so that each gets its tombstone. */
    final TreeMap<Time, Integer> chunks;

    KeyPartitionWindow() {
        this(null, new HashMap<>(), new TreeMap<>(), new TreeMap<>());
    }

    KeyPartitionWindow(Time at, Map<K, V> values, TreeMap<Time, Map<K, V>> batches, TreeMap<Time, Integer> chunks) {
        this.at = at;
        this.values = values;
        this.batches = batches;
        this.chunks = chunks;
    }
}
