package dev.sluice.benchmarks;

import java.util.Arrays;
import java.util.Random;

/**
 * Draws ranks 0..n-1 with probability proportional to {@code 1 / (rank + 1)^exponent}: a few words
 * are very common, most are rare, as in natural text. That skew is what makes map-side combining
 * pay off, so a uniform workload would flatter or penalise an engine for the wrong reason.
 */
final class ZipfSampler {

    private final double[] cumulative;

    ZipfSampler(int n, double exponent) {
        cumulative = new double[n];
        double sum = 0;
        for (int rank = 0; rank < n; rank++) {
            sum += 1 / Math.pow(rank + 1, exponent);
            cumulative[rank] = sum;
        }
    }

    int sample(Random random) {
        double u = random.nextDouble() * cumulative[cumulative.length - 1];
        int i = Arrays.binarySearch(cumulative, u);
        return Math.min(i < 0 ? -i - 1 : i, cumulative.length - 1);
    }
}
