package dev.sluice.api.management;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * The closest of some names to a mistyped one, for "did you mean ...?": the shell and the runtime
 * suggest names the same way.
 */
public final class ClosestName {

    private ClosestName() {
    }

    /**
     * The known name nearest to {@code typed} by edit distance, if it is near enough to be a
     * slip (at most a third of the name's letters, at least 2), or one that starts with it.
     */
    public static Optional<String> closest(String typed, Collection<String> known) {
        String t = typed.toLowerCase(Locale.ROOT);
        int allowed = Math.max(2, t.length() / 3);
        return known.stream()
                .filter(k -> distance(t, k.toLowerCase(Locale.ROOT)) <= allowed
                        || (t.length() >= 3 && k.toLowerCase(Locale.ROOT).startsWith(t)))
                .min(Comparator.comparingInt((String k) -> distance(t, k.toLowerCase(Locale.ROOT)))
                        .thenComparing(Comparator.naturalOrder()));
    }

    /** {@code "; did you mean X?"}, or nothing when no name is close. */
    public static String didYouMean(String typed, Collection<String> known) {
        return closest(typed, known).map(k -> "; did you mean " + k + "?").orElse("");
    }

    /** Levenshtein distance, with a swap of two neighbouring letters counting as one edit. */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
