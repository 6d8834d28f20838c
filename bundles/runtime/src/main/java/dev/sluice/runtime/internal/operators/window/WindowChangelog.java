package dev.sluice.runtime.internal.operators.window;

import dev.sluice.api.Time;
import dev.sluice.api.spi.KeyExchange.StateEntry;
import dev.sluice.api.spi.RecordCodec;
import dev.sluice.runtime.internal.exec.Aggregator;
import dev.sluice.runtime.internal.exec.RecordChunks;
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
 * batch's reduced keys and values in records of at most {@link RecordChunks#MAX_ENTRIES} keys and
 * {@link RecordChunks#MAX_BYTES} (a key's grouped values too large for one go in pieces over
 * consecutive chunks, merged back in chunk order), with a tombstone for each once the batch has
 * left the window. A slide writes only what changed since the last.
 */
final class WindowChangelog {
    private static final String AT = "at";
    private static final String VALUE = "value";
    private static final String BATCH = "batch";

    private final RecordCodec codec;
    private final boolean logsValues;
    private final Aggregator<?, ?> perBatch;
    private final RecordChunks records;

    /** {@code perBatch} splits a batch's value too large for one record, and merges the pieces back. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    WindowChangelog(RecordCodec codec, boolean logsValues, Aggregator<?, ?> perBatch) {
        this.codec = codec;
        this.logsValues = logsValues;
        this.perBatch = perBatch;
        Aggregator splitting = perBatch;
        this.records = new RecordChunks(codec, 2, entry -> splitting.halves(entry.get(1)));
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
        var chunks = new ArrayList<byte[]>();
        var entries = new ArrayList<Object>();
        for (Map.Entry<K, V> e : table.entrySet()) {
            entries.add(e.getKey());
            entries.add(e.getValue());
            if (entries.size() == 2 * RecordChunks.MAX_ENTRIES) {
                records.add(chunks, entries);
                entries.clear();
            }
        }
        if (!entries.isEmpty()) {
            records.add(chunks, entries);
        }
        for (int chunk = 0; chunk < chunks.size(); chunk++) {
            out.add(new StateEntry(key(BATCH, time.millis(), chunk), chunks.get(chunk)));
        }
        return chunks.size();
    }

    /** A partition's window as its changelog holds it. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    <K, V> KeyPartitionWindow<K, V> restored(List<StateEntry> entries) {
        Time at = null;
        var values = new HashMap<K, V>();
        var logged = new TreeMap<Time, TreeMap<Integer, List<Object>>>();
        for (StateEntry e : entries) {
            if (e.state() == null) {
                continue;
            }
            List<Object> key = codec.decode(e.key());
            List<Object> state = codec.decode(e.state());
            switch ((String) key.get(0)) {
                case AT -> at = new Time((Long) state.get(0));
                case VALUE -> values.put((K) key.get(1), (V) state.get(0));
                case BATCH -> logged.computeIfAbsent(new Time((Long) key.get(1)), t -> new TreeMap<>())
                        .put((Integer) key.get(2), state);
                default -> throw new IllegalStateException("a window's changelog holds a record of unknown kind "
                        + key.get(0) + "; was it written by a newer Sluice?");
            }
        }
        var batches = new TreeMap<Time, Map<K, V>>();
        var chunks = new TreeMap<Time, Integer>();
        Aggregator merging = perBatch;
        logged.forEach((time, byChunk) -> {
            // in chunk order, so the pieces of a key's values too large for one record join up as they were
            Map<K, V> table = new HashMap<>();
            byChunk.values().forEach(state -> {
                for (int i = 0; i + 1 < state.size(); i += 2) {
                    table.merge((K) state.get(i), (V) state.get(i + 1), (a, b) -> (V) merging.merge(a, b));
                }
            });
            batches.put(time, table);
            chunks.put(time, byChunk.lastKey() + 1);
        });
        return new KeyPartitionWindow<>(at, values, batches, chunks);
    }

    private byte[] key(Object... parts) {
        return codec.encode(List.of(parts));
    }
}
