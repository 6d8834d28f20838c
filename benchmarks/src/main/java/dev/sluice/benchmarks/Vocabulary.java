package dev.sluice.benchmarks;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;

/**
 * Distinct made-up words of 3 to 6 two-letter syllables (6 to 12 characters), the same shape
 * as the Spark reference's vocabulary, so that hashing and splitting cost the same per word.
 */
final class Vocabulary {

    private static final String[] SYLLABLES = {
        "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "ba",
        "do", "fu", "gi", "ha", "ju", "py", "qu", "we", "xo", "yi"};

    private Vocabulary() {
    }

    /** {@code size} distinct words; the same seed gives the same words in the same order. */
    static List<String> words(int size, Random random) {
        var words = new LinkedHashSet<String>(size * 2);
        var word = new StringBuilder(12);
        while (words.size() < size) {
            word.setLength(0);
            int syllables = 3 + random.nextInt(4);
            for (int s = 0; s < syllables; s++) {
                word.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
            }
            words.add(word.toString());
        }
        return List.copyOf(words);
    }
}
