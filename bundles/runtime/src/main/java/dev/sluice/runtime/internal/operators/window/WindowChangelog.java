package dev.sluice.runtime.internal.operators.window;

import dev.sluice.api.Time;
import dev.sluice.api.spi.KeyExchange.StateEntry;
import dev.sluice.api.spi.RecordCodec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How a key partition's window is kept in the group's changelog, as records whose keys compaction
 * keeps the latest of: {@code [at]} the slide it is as of; {@code [value, key]} each key's window
 * value, when the window has an inverse function (a key whose value falls to zero stays in such a
 * window, so its value cannot be recomputed from the batches); {@code [batch, time, chunk]} the
 * batch's reduced keys and values, a chunk of at most {@link #CHUNK_ENTRIES} keys per record, with
 * a tombstone once the batch has left the window. A slide writes only what changed since the last.
 */
final class WindowChangelog {

    static final int CHUNK_ENTRIES = 500;
    private static final String AT = "at";
    private static final String VALUE = "value";
    private static final String BATCH = "batch";

    private final RecordCodec codec;
    private final boolean logsValues;

    WindowChangelog(RecordCodec codec, boolean logsValues) {
        this.codec = codec;
        this.logsValues = logsValues;
    }

    /** The records that take a partition's changelog from {@code before} to {@code after}; notes {@code after}'s chunks. */
    <K, V> List<StateEntry> changes(KeyPartitionWindow<K, V> before, KeyPartitionWindow<K, V> after) {
        var out = new ArrayList<StateEntry>();
        if (after.at != null && !after.at.equals(before.at)) {
            out.add(new StateEntry(key(AT), codec.encode(List.of(after.at.millis()))));
        }
        if (logsValues) {
            after.values.forEach((k, v) -> {
                V old = before.values.get(k);
                if (old != v && !Objects.equals(old, v)) {
                    out.add(new StateEntry(key(VALUE, k), codec.encode(Collections.singletonList(v))));
                }
            });
            before.values.keySet().stream().filter(k -> !after.values.containsKey(k))
                    .forEach(k -> out.add(new StateEntry(key(VALUE, k), null)));
        }
        after.batches.forEach((time, table) -> {
            Integer logged = before.chunks.get(time);
            after.chunks.put(time, logged != null ? logged : logBatch(time, table, out));
        });
        before.chunks.forEach((time, n) -> {
            if (!after.batches.containsKey(time)) {
                for (int i = 0; i < n; i++) {
                    out.add(new StateEntry(key(BATCH, time.millis(), i), null));
                }
            }
        });
        return out;
    }

    private <K, V> int logBatch(Time time, Map<K, V> table, List<StateEntry> out) {
        int chunk = 0;
        var entries = new ArrayList<Object>();
        for (Map.Entry<K, V> e : table.entrySet()) {
            entries.add(e.getKey());
            entries.add(e.getValue());
            if (entries.size() == 2 * CHUNK_ENTRIES) {
                out.add(new StateEntry(key(BATCH, time.millis(), chunk++), codec.encode(entries)));
                entries.clear();
            }
        }
        if (!entries.isEmpty()) {
            out.add(new StateEntry(key(BATCH, time.millis(), chunk++), codec.encode(entries)));
        }
        return chunk;
    }

    /** A partition's window as its changelog holds it. */
    @SuppressWarnings("unchecked")
    <K, V> KeyPartitionWindow<K, V> restored(List<StateEntry> entries) {
        Time at = null;
        var values = new HashMap<K, V>();
        var batches = new TreeMap<Time, Map<K, V>>();
        var chunks = new TreeMap<Time, Integer>();
        for (StateEntry e : entries) {
            if (e.state() == null) {
                continue;
            }
            List<Object> key = codec.decode(e.key());
            List<Object> state = codec.decode(e.state());
            switch ((String) key.get(0)) {
                case AT -> at = new Time((Long) state.get(0));
                case VALUE -> values.put((K) key.get(1), (V) state.get(0));
                case BATCH -> {
                    Time time = new Time((Long) key.get(1));
                    Map<K, V> table = batches.computeIfAbsent(time, t -> new HashMap<>());
                    for (int i = 0; i + 1 < state.size(); i += 2) {
                        table.put((K) state.get(i), (V) state.get(i + 1));
                    }
                    chunks.merge(time, (Integer) key.get(2) + 1, Math::max);
                }
                default -> throw new IllegalStateException("a window's changelog holds a record of unknown kind "
                        + key.get(0) + "; was it written by a newer Sluice?");
            }
        }
        return new KeyPartitionWindow<>(at, values, batches, chunks);
    }

    private byte[] key(Object... parts) {
        return codec.encode(List.of(parts));
    }
}
