package dev.sluice.runtime.internal.exec;

import dev.sluice.api.Partitioner;
import dev.sluice.api.Time;
import dev.sluice.api.spi.KeyExchange;
import dev.sluice.api.spi.RecordCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A shuffle's step across the members of a group that share a stream: this member's combined tables
 * of a batch go to the group's key partitions (shuffle partition r to key partition r mod the
 * group's count), and the key partitions this member owns come back with every member's tables,
 * merged. On a member that owns none of a shuffle partition's keys, that partition is empty.
 */
public final class KeyExchangeStep {

    /** Entries per chunk: a chunk is one record of the substrate, kept well under its size limit. */
    static final int CHUNK_ENTRIES = 2_000;

    private final KeyExchange.Shuffle shuffle;
    private final RecordCodec codec;
    private final Time batch;

    public KeyExchangeStep(KeyExchange.Shuffle shuffle, RecordCodec codec, Time batch) {
        this.shuffle = shuffle;
        this.codec = codec;
        this.batch = batch;
    }

    /** Sends {@code local} (this member's tables, one per shuffle partition) and returns the group's tables of the keys owned here. */
    <K, C> Map<K, C>[] exchange(Map<K, C>[] local, Aggregator<?, C> aggregator, Partitioner partitioner) {
        int keyPartitions = shuffle.partitions();
        var chunks = new ArrayList<List<byte[]>>();
        for (int p = 0; p < keyPartitions; p++) {
            chunks.add(new ArrayList<>());
        }
        for (int r = 0; r < local.length; r++) {
            encode(local[r], chunks.get(r % keyPartitions));
        }
        shuffle.send(batch, chunks);
        List<List<byte[]>> received = shuffle.receive(batch);
        @SuppressWarnings("unchecked")
        Map<K, C>[] merged = new Map[local.length];
        for (int r = 0; r < merged.length; r++) {
            merged[r] = new HashMap<>();
        }
        for (List<byte[]> owned : received) {
            if (owned == null) {
                continue;
            }
            for (byte[] chunk : owned) {
                decodeInto(chunk, merged, aggregator, partitioner);
            }
        }
        return merged;
    }

    /** A table as chunks of alternating keys and combined values. */
    private void encode(Map<?, ?> table, List<byte[]> out) {
        var entries = new ArrayList<Object>(Math.min(2 * table.size(), 2 * CHUNK_ENTRIES));
        for (Map.Entry<?, ?> e : table.entrySet()) {
            entries.add(e.getKey());
            entries.add(e.getValue());
            if (entries.size() == 2 * CHUNK_ENTRIES) {
                out.add(codec.encode(entries));
                entries.clear();
            }
        }
        if (!entries.isEmpty()) {
            out.add(codec.encode(entries));
        }
    }

    @SuppressWarnings("unchecked")
    private <K, C> void decodeInto(byte[] chunk, Map<K, C>[] merged, Aggregator<?, C> aggregator,
                                   Partitioner partitioner) {
        List<Object> entries = codec.decode(chunk);
        for (int i = 0; i + 1 < entries.size(); i += 2) {
            K key = (K) entries.get(i);
            merged[partitioner.partition(key)].merge(key, (C) entries.get(i + 1), aggregator::merge);
        }
    }
}
