package dev.sluice.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A fixed, seeded set of newline-terminated records of ten words each (about 100 bytes), held
 * back to back in one array so that any run of consecutive records goes out in one write: the
 * generator then costs little CPU next to the engine it shares the machine with.
 */
final class RecordPool {

    static final int WORDS_PER_RECORD = 10;
    static final int VOCABULARY_SIZE = 3000;
    static final double ZIPF_EXPONENT = 1.1;

    private final byte[] bytes;
    /** Record i is {@code bytes[offsets[i] .. offsets[i + 1])}. */
    private final int[] offsets;

    private RecordPool(byte[] bytes, int[] offsets) {
        this.bytes = bytes;
        this.offsets = offsets;
    }

    static RecordPool generate(int records, long seed) {
        var random = new Random(seed);
        List<String> words = Vocabulary.words(VOCABULARY_SIZE, random);
        var zipf = new ZipfSampler(VOCABULARY_SIZE, ZIPF_EXPONENT);
        var text = new StringBuilder(records * 110);
        int[] offsets = new int[records + 1];
        for (int r = 0; r < records; r++) {
            for (int w = 0; w < WORDS_PER_RECORD; w++) {
                text.append(words.get(zipf.sample(random))).append(w < WORDS_PER_RECORD - 1 ? ' ' : '\n');
            }
            offsets[r + 1] = text.length(); // ASCII only: one byte per char
        }
        return new RecordPool(text.toString().getBytes(StandardCharsets.US_ASCII), offsets);
    }

    /**
     * A pool over a key space of {@code keys} distinct words: the words (as {@link Vocabulary} makes
     * them) in a shuffled order, ten to a record, so that every word occurs once per pass over the
     * pool ({@code ceil(keys / 10)} records) and a stateful job keeps state for all {@code keys} of
     * them after one pass. Deterministic by seed; not the default pool's records.
     */
    static RecordPool keySpace(int keys, long seed) {
        if (keys < 1) {
            throw new IllegalArgumentException("keys must be positive");
        }
        var random = new Random(seed);
        List<String> words = new ArrayList<>(Vocabulary.words(keys, random));
        Collections.shuffle(words, random);
        int records = (keys + WORDS_PER_RECORD - 1) / WORDS_PER_RECORD;
        var text = new StringBuilder(records * 100);
        int[] offsets = new int[records + 1];
        for (int r = 0; r < records; r++) {
            for (int w = 0; w < WORDS_PER_RECORD; w++) {
                // a last, short record is filled up from the start of the shuffled order
                text.append(words.get((r * WORDS_PER_RECORD + w) % keys)).append(w < WORDS_PER_RECORD - 1 ? ' ' : '\n');
            }
            offsets[r + 1] = text.length();
        }
        return new RecordPool(text.toString().getBytes(StandardCharsets.US_ASCII), offsets);
    }

    int size() {
        return offsets.length - 1;
    }

    double averageRecordBytes() {
        return bytes.length / (double) size();
    }

    /** Record {@code i} without its newline, as a Kafka record's value. */
    byte[] value(int i) {
        return java.util.Arrays.copyOfRange(bytes, offsets[i], offsets[i + 1] - 1);
    }

    /** Writes {@code count} records starting at record {@code first}, wrapping around the pool's end. */
    void write(OutputStream out, int first, int count) throws IOException {
        while (count > 0) {
            int n = Math.min(count, size() - first);
            out.write(bytes, offsets[first], offsets[first + n] - offsets[first]);
            count -= n;
            first = 0;
        }
    }
}
