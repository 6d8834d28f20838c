package dev.sluice.itests.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What {@code file-line-count} wrote under one output prefix: for each batch time t the count
 * directory {@code PREFIX-t} and the running total's {@code PREFIX-t.total}, each complete with
 * {@code _SUCCESS}, plus whatever else is there (a hidden attempt or replaced batch left by a crash).
 */
final class BatchOutputs {

    static final String SUCCESS = "_SUCCESS";
    static final String TOTAL_SUFFIX = ".total";

    /** One batch's two outputs, read back. */
    record Batch(long time, long count, long total) {
    }

    /** The identity of a batch directory's {@code _SUCCESS} file: another write of the batch makes another file. */
    record Written(FileTime modified, Object fileKey) {
    }

    private final Path dir;
    private final TreeMap<Long, Path> counts = new TreeMap<>();
    private final TreeMap<Long, Path> totals = new TreeMap<>();
    private final List<String> others = new ArrayList<>();

    private BatchOutputs(Path dir) {
        this.dir = dir;
    }

    /** Lists the batch directories of {@code prefix} (a path: directory and base name). */
    static BatchOutputs read(Path prefix) {
        String base = prefix.getFileName().toString();
        var count = Pattern.compile(Pattern.quote(base) + "-(\\d+)");
        var total = Pattern.compile(Pattern.quote(base) + "-(\\d+)" + Pattern.quote(TOTAL_SUFFIX));
        var outputs = new BatchOutputs(prefix.getParent());
        try (Stream<Path> entries = Files.list(prefix.getParent())) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                var c = count.matcher(name);
                var t = total.matcher(name);
                if (c.matches()) {
                    outputs.counts.put(Long.parseLong(c.group(1)), p);
                } else if (t.matches()) {
                    outputs.totals.put(Long.parseLong(t.group(1)), p);
                } else {
                    outputs.others.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return outputs;
    }

    /** Whether a batch at or after {@code time} has both its outputs complete. */
    boolean hasCompleteBatchFrom(long time) {
        return counts.tailMap(time, true).keySet().stream()
                .anyMatch(t -> totals.containsKey(t) && complete(counts.get(t)) && complete(totals.get(t)));
    }

    /** Entries that are not a batch directory of this prefix: hidden attempts and replaced batches of a crash. */
    List<String> others() {
        return List.copyOf(others);
    }

    /** Every batch directory (count and total) by name, with its {@code _SUCCESS} file's identity. */
    Map<String, Written> written() {
        var all = new TreeMap<String, Written>();
        for (Path p : Stream.concat(counts.values().stream(), totals.values().stream()).toList()) {
            all.put(p.getFileName().toString(), writtenOf(p).orElse(null));
        }
        return all;
    }

    Optional<Long> lastTime() {
        return counts.isEmpty() ? Optional.empty() : Optional.of(counts.lastKey());
    }

    TreeSet<Long> times() {
        return new TreeSet<>(counts.keySet());
    }

    /**
     * Checks what a run left after its final clean stop, over input of {@code expectedLines} lines:
     * only complete batch directories, two for each batch time from the first to the last, one
     * step apart; the counts sum to the input's lines; each total is the one before plus the count;
     * the last total is all the lines.
     */
    List<Batch> assertConsistent(long expectedLines, long intervalMillis, String scenario) {
        String where = scenario + ", in " + dir;
        assertThat(others).as("hidden attempts, replaced batches or other strays left in the output directory (%s)",
                where).isEmpty();
        assertThat(counts).as("batch count directories (%s)", where).isNotEmpty();
        assertThat(totals.keySet()).as("batch times of the totals equal those of the counts (%s)", where)
                .containsExactlyElementsOf(counts.keySet());
        var missing = new ArrayList<String>();
        Stream.concat(counts.values().stream(), totals.values().stream())
                .filter(p -> !complete(p)).forEach(p -> missing.add(p.getFileName().toString()));
        assertThat(missing).as("batch directories without %s (%s)", SUCCESS, where).isEmpty();

        var gaps = new ArrayList<String>();
        Long previous = null;
        for (long t : counts.keySet()) {
            if (previous != null && t - previous != intervalMillis) {
                gaps.add(previous + " -> " + t);
            }
            previous = t;
        }
        assertThat(gaps).as("consecutive batch times one interval (%d ms) apart, no batch missing (%s)",
                intervalMillis, where).isEmpty();

        var batches = new ArrayList<Batch>();
        for (long t : counts.keySet()) {
            batches.add(new Batch(t, single(counts.get(t)), single(totals.get(t))));
        }
        String table = table(batches);
        var broken = new ArrayList<String>();
        long running = 0;
        for (Batch b : batches) {
            running += b.count();
            if (b.total() != running) {
                broken.add("batch " + b.time() + ": total " + b.total() + ", expected " + running
                        + " (previous total + count " + b.count() + ")");
                running = b.total();
            }
        }
        assertThat(broken).as("each total is the previous total plus the batch's count (%s); batches:%n%s", where,
                table).isEmpty();
        assertThat(batches.stream().mapToLong(Batch::count).sum())
                .as("sum of all batch counts: every input line counted exactly once (%s); batches:%n%s", where, table)
                .isEqualTo(expectedLines);
        assertThat(batches.get(batches.size() - 1).total())
                .as("the last running total (%s); batches:%n%s", where, table).isEqualTo(expectedLines);
        return batches;
    }

    static String table(List<Batch> batches) {
        var s = new StringBuilder("  batch time      count  total\n");
        for (Batch b : batches) {
            s.append(String.format("  %d %6d %6d%n", b.time(), b.count(), b.total()));
        }
        return s.toString();
    }

    private static boolean complete(Path batchDir) {
        return Files.isRegularFile(batchDir.resolve(SUCCESS));
    }

    private static Optional<Written> writtenOf(Path batchDir) {
        try {
            var a = Files.readAttributes(batchDir.resolve(SUCCESS), BasicFileAttributes.class);
            return Optional.of(new Written(a.lastModifiedTime(), a.fileKey()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The one number written to a batch directory, over all its (visible) part files. */
    private static long single(Path batchDir) {
        var values = new ArrayList<Long>();
        try (Stream<Path> files = Files.list(batchDir)) {
            for (Path part : files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList()) {
                for (String line : Files.readAllLines(part, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        values.add(Long.parseLong(line.strip()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(values).as("the numbers in %s", batchDir).hasSize(1);
        return values.get(0);
    }

    /** For the test's output: each batch's count and total, or what could not be read. */
    String describe() {
        var rows = new LinkedHashMap<Long, String>();
        for (long t : counts.keySet()) {
            rows.put(t, safeValue(counts.get(t)) + " " + (totals.containsKey(t) ? safeValue(totals.get(t)) : "-"));
        }
        var s = new StringBuilder();
        rows.forEach((t, v) -> s.append("  ").append(t).append(' ').append(v).append('\n'));
        if (!others.isEmpty()) {
            s.append("  other entries: ").append(others).append('\n');
        }
        return s.toString();
    }

    private static String safeValue(Path batchDir) {
        if (!complete(batchDir)) {
            return "(incomplete)";
        }
        try {
            return String.valueOf(single(batchDir));
        } catch (RuntimeException | AssertionError e) {
            return "(" + e.getMessage().lines().findFirst().orElse("unreadable") + ")";
        }
    }
}
