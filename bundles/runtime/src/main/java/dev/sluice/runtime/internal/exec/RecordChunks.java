package dev.sluice.runtime.internal.exec;

import dev.sluice.api.spi.RecordCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Entries (a fixed number of items each, the last one its value) encoded into records of the
 * group's substrate, each kept under {@link #MAX_BYTES} (a Kafka record is at most 1 MiB by
 * default): a record too large takes half the entries, and one entry too large alone goes in
 * pieces of its value (a grouped key's values in halves, in order) that the reader merges back.
 * The key exchange's chunks and a shared window's changelog are made this way.
 */
public final class RecordChunks {

    /** Entries per record at most: encoding a record once mostly suffices. */
    public static final int MAX_ENTRIES = 500;
    /** The most bytes a record takes before it is split. */
    public static final int MAX_BYTES = 256 * 1024;

    private final RecordCodec codec;
    private final int width;
    private final Function<List<Object>, Object[]> halves;

    /**
     * Records of entries of {@code width} items; {@code halves} splits one entry's value (its last
     * item) in two that merge back into it in order, or says null when it cannot be split.
     */
    public RecordChunks(RecordCodec codec, int width, Function<List<Object>, Object[]> halves) {
        this.codec = codec;
        this.width = width;
        this.halves = halves;
    }

    /** Adds {@code entries} to {@code records} as one record or, when that is over {@link #MAX_BYTES}, several. */
    public void add(List<byte[]> records, List<Object> entries) {
        byte[] record = codec.encode(entries);
        int count = entries.size() / width;
        if (record.length <= MAX_BYTES) {
            records.add(record);
        } else if (count > 1) {
            add(records, new ArrayList<>(entries.subList(0, count / 2 * width)));
            add(records, new ArrayList<>(entries.subList(count / 2 * width, entries.size())));
        } else {
            Object[] pieces = halves.apply(entries);
            if (pieces == null) {
                // a value that cannot be split goes whole: the substrate says if it is too large
                records.add(record);
                return;
            }
            for (Object piece : pieces) {
                var entry = new ArrayList<>(entries.subList(0, width - 1));
                entry.add(piece);
                add(records, entry);
            }
        }
    }
}
