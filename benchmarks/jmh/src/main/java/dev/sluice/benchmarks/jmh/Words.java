package dev.sluice.benchmarks.jmh;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Random;

/**
 * Input shaped like the load generator's: lines of ten words from a 3,000-word vocabulary of
 * 6–12-letter words, drawn with a Zipf(1.1) skew; deterministic by seed.
 */
public final class Words {

    private static final int VOCABULARY = 3_000;

    private final String[] vocabulary = new String[VOCABULARY];
    private final double[] cumulative = new double[VOCABULARY];
    private final Random random;

    public Words(long seed) {
        random = new Random(seed);
        double total = 0;
        for (int i = 0; i < VOCABULARY; i++) {
            var word = new StringBuilder();
            int length = 6 + random.nextInt(7);
            for (int k = 0; k < length; k++) {
                word.append((char) ('a' + random.nextInt(26)));
            }
            vocabulary[i] = word.toString();
            total += 1 / Math.pow(i + 1, 1.1);
            cumulative[i] = total;
        }
        for (int i = 0; i < VOCABULARY; i++) {
            cumulative[i] /= total;
        }
    }

    public String word() {
        int i = java.util.Arrays.binarySearch(cumulative, random.nextDouble());
        return vocabulary[Math.min(VOCABULARY - 1, i < 0 ? -i - 1 : i)];
    }

    public String line() {
        var line = new StringBuilder(word());
        for (int k = 1; k < 10; k++) {
            line.append(' ').append(word());
        }
        return line.toString();
    }

    public String[] lines(int n) {
        String[] lines = new String[n];
        for (int i = 0; i < n; i++) {
            lines[i] = line();
        }
        return lines;
    }

    /** {@code n} lines as UTF-8 text, each ending in a newline. */
    public byte[] text(int n) {
        return (String.join("\n", lines(n)) + "\n").getBytes(UTF_8);
    }
}
