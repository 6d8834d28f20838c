package dev.sluice.runtime.internal.exec;

import dev.sluice.api.HashPartitioning;
import dev.sluice.api.Partitioner;
import dev.sluice.api.Time;
import dev.sluice.api.spi.KeyExchange;
import dev.sluice.api.spi.RecordCodec;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A shuffle's step across the members of a group that share a stream: this member's combined tables
 * of a batch go to the group's key partitions (by the key's hash over the group's count, so the
 * same on every member whatever its own number of shuffle partitions; keys need a hash code that
 * does not change between processes, as strings and numbers have), and the key partitions this
 * member owns come back with every member's tables, merged into this member's shuffle partitions.
 * A cogroup (and the joins on it) sends both sides in one step, so that both reach the member
 * owning their key partition together; each entry carries its side. A key partition taken over (or
 * read again) with batches not yet reduced comes with all of them: a stage reducing per key merges
 * them, a cogroup keeps them apart ({@link #receiveByBatch}) so that a join pairs values of one batch.
 */
public final class KeyExchangeStep {

    /** Entries per chunk: a chunk is one record of the substrate, kept well under its size limit. */
    static final int CHUNK_ENTRIES = RecordChunks.MAX_ENTRIES;
    /** The most bytes a chunk takes before it is split ({@link RecordChunks}). */
    static final int CHUNK_BYTES = RecordChunks.MAX_BYTES;

    /** One side of the step: this member's tables (one per shuffle partition), how they merge, and where keys go. */
    record Side<K, C>(Map<K, C>[] tables, Aggregator<?, C> aggregator, Partitioner partitioner) {
    }

    private final KeyExchange.Shuffle shuffle;
    private final RecordCodec codec;
    private final Time batch;
    /** The key partitions the exchange gave this member in this batch; null until it ran. */
    private BitSet owned;

    public KeyExchangeStep(KeyExchange.Shuffle shuffle, RecordCodec codec, Time batch) {
        this.shuffle = shuffle;
        this.codec = codec;
        this.batch = batch;
    }

    /** Sends every side's tables as this member's part of the batch. */
    void send(List<? extends Side<?, ?>> sides) {
        shuffle.send(batch, chunks(sides));
    }

    /**
     * Sends the parts of several steps of one batch as one hand-over: {@code steps} are keyed
     * stages reading the same upstreams, {@code sides} each one's sides ({@link ExchangedStages}).
     */
    static void sendTogether(List<KeyExchangeStep> steps, List<List<? extends Side<?, ?>>> sides) {
        KeyExchangeStep first = steps.get(0);
        var others = new java.util.LinkedHashMap<KeyExchange.Shuffle, List<List<byte[]>>>();
        for (int i = 1; i < steps.size(); i++) {
            KeyExchangeStep step = steps.get(i);
            if (!step.batch.equals(first.batch)) {
                throw new IllegalArgumentException("stages of batches " + first.batch + " and " + step.batch
                        + " cannot be handed over together");
            }
            others.put(step.shuffle, step.chunks(sides.get(i)));
        }
        first.shuffle.sendWith(first.batch, first.chunks(sides.get(0)), others);
    }

    /** Every side's entries (side, key, combined value), serialized in chunks per key partition. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    List<List<byte[]>> chunks(List<? extends Side<?, ?>> sides) {
        int keyPartitions = shuffle.partitions();
        var chunks = new ArrayList<List<byte[]>>();
        for (int p = 0; p < keyPartitions; p++) {
            chunks.add(new ArrayList<>());
        }
        var entries = new ArrayList<List<Object>>();
        for (int p = 0; p < keyPartitions; p++) {
            entries.add(new ArrayList<>());
        }
        // side, key, combined value; a grouped key's values too large alone go in halves the receiver merges back
        var records = new RecordChunks(codec, 3, e -> {
            Aggregator aggregator = sides.get((Integer) e.get(0)).aggregator();
            return aggregator.halves(e.get(2));
        });
        for (int side = 0; side < sides.size(); side++) {
            Map<?, ?>[] tables = sides.get(side).tables();
            for (Map<?, ?> table : tables) {
                for (Map.Entry<?, ?> e : table.entrySet()) {
                    List<Object> out = entries.get(HashPartitioning.partitionOf(e.getKey(), keyPartitions));
                    out.add(side);
                    out.add(e.getKey());
                    out.add(e.getValue());
                    if (out.size() == 3 * CHUNK_ENTRIES) {
                        records.add(chunks.get(HashPartitioning.partitionOf(e.getKey(), keyPartitions)), out);
                        out.clear();
                    }
                }
            }
        }
        for (int p = 0; p < keyPartitions; p++) {
            if (!entries.get(p).isEmpty()) {
                records.add(chunks.get(p), entries.get(p));
            }
        }
        return chunks;
    }

    /**
     * Per side, the group's tables of the keys owned here, each key in the shuffle partition it had
     * on the member that sent it, once every upstream has handed the batch over; the values of
     * earlier batches given with it are merged in.
     */
    List<Map<Object, Object>[]> receive(List<? extends Side<?, ?>> sides) {
        return received(sides, false).get(0);
    }

    /**
     * {@link #receive} kept apart by the upstream batch that sent the values, oldest first: one
     * element unless a key partition came with batches not yet reduced.
     */
    List<List<Map<Object, Object>[]>> receiveByBatch(List<? extends Side<?, ?>> sides) {
        return received(sides, true);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private List<List<Map<Object, Object>[]>> received(List<? extends Side<?, ?>> sides, boolean byBatch) {
        int keyPartitions = shuffle.partitions();
        var slices = new TreeMap<Time, List<Map<Object, Object>[]>>();
        List<NavigableMap<Time, List<byte[]>>> received = shuffle.receiveByBatch(batch);
        var given = new BitSet(keyPartitions);
        for (int p = 0; p < received.size(); p++) {
            NavigableMap<Time, List<byte[]>> ownedChunks = received.get(p);
            if (ownedChunks == null) {
                continue;
            }
            given.set(p);
            for (Map.Entry<Time, List<byte[]>> sent : ownedChunks.entrySet()) {
                List<Map<Object, Object>[]> slice = slices.computeIfAbsent(byBatch ? sent.getKey() : batch,
                        t -> emptyTables(sides));
                for (byte[] chunk : sent.getValue()) {
                    List<Object> got = codec.decode(chunk);
                    for (int i = 0; i + 2 < got.size(); i += 3) {
                        Side<?, ?> side = sides.get((Integer) got.get(i));
                        Object key = got.get(i + 1);
                        Aggregator aggregator = side.aggregator();
                        slice.get((Integer) got.get(i))[side.partitioner().partition(key)].merge(key, got.get(i + 2),
                                aggregator::merge);
                    }
                }
            }
        }
        if (slices.isEmpty()) {
            slices.put(batch, emptyTables(sides));
        }
        synchronized (this) {
            owned = given;
        }
        return new ArrayList<>(slices.values());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<Object, Object>[]> emptyTables(List<? extends Side<?, ?>> sides) {
        var tables = new ArrayList<Map<Object, Object>[]>();
        for (Side<?, ?> side : sides) {
            Map<Object, Object>[] ofSide = new Map[side.tables().length];
            for (int r = 0; r < ofSide.length; r++) {
                ofSide[r] = new HashMap<>();
            }
            tables.add(ofSide);
        }
        return tables;
    }

    /** The key partitions whose keys this member reduced in this batch; the exchange must have run. */
    public synchronized BitSet owned() {
        if (owned == null) {
            throw new IllegalStateException("a key partition's owner asked before batch " + batch + "'s exchange ran");
        }
        return (BitSet) owned.clone();
    }

    /** The group's key partition of {@code key}: where the exchange sends it. */
    public int keyPartitionOf(Object key) {
        return HashPartitioning.partitionOf(key, shuffle.partitions());
    }

    public int keyPartitions() {
        return shuffle.partitions();
    }

    public KeyExchange.Shuffle shuffle() {
        return shuffle;
    }

    public RecordCodec codec() {
        return codec;
    }

    public Time batch() {
        return batch;
    }
}
