package dev.sluice.itests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped examples/network-word-count.cfg prints the same batches as the Java application
 * network-word-count for the same input: both run headless side by side, each from its own text
 * server, and get the same lines, one at a time, each once both have printed the batch of the one
 * before (a line is one record, so it lands in one batch whole).
 */
class DeclaredExampleIT {

    /** Lines with repeated words, more than ten distinct ones (print shows ten and "..."), runs of spaces. */
    private static final List<String> LINES = List.of(
            "to be or not to be",
            "the quick brown fox jumps over the lazy dog the end",
            "a b c d e f g h i j k l a b",
            "  two  spaces  here ",
            "hello world");

    @TempDir
    Path dir;

    private Distribution sluice;

    @BeforeEach
    void copyTheDistribution() throws Exception {
        sluice = Distribution.copyTo(dir);
    }

    @Test
    void shouldPrintTheSameBatchesAsTheJavaNetworkWordCount() throws Exception {
        try (var declaredServer = new LineServer(); var javaServer = new LineServer();
             var declared = RunningSluice.start(sluice, dir.resolve("declared.out"), "run",
                     sluice.file("examples/network-word-count.cfg").toString(), "source.port=" + declaredServer.port());
             var java = RunningSluice.start(sluice, dir.resolve("java.out"), "run", "network-word-count",
                     "port=" + javaServer.port())) {
            declaredServer.awaitConnections(1);
            javaServer.awaitConnections(1);
            for (int i = 0; i < LINES.size(); i++) {
                declaredServer.send(LINES.get(i));
                javaServer.send(LINES.get(i));
                int batches = i + 1;
                Await.until("batch " + batches + " with records from both", () ->
                        printedBatches(declared.output()).size() >= batches
                                && printedBatches(java.output()).size() >= batches,
                        () -> "declared:\n" + declared.output() + "\njava:\n" + java.output());
            }

            List<List<String>> fromFile = printedBatches(declared.output());
            List<List<String>> fromJava = printedBatches(java.output());
            assertThat(fromFile).isEqualTo(fromJava).hasSize(LINES.size());
            for (int i = 0; i < LINES.size(); i++) {
                assertThat(fromFile.get(i)).as("the batch of line %d", i).isEqualTo(expected(fromFile.get(i), i));
            }
        }
    }

    /**
     * What print shows of line {@code i}'s batch: each word with its count, the first ten in the order
     * printed, then "..." when there are more; checked against a count made here.
     */
    private static List<String> expected(List<String> printed, int i) {
        var counts = new LinkedHashMap<String, Integer>();
        Arrays.stream(LINES.get(i).split(" ")).forEach(w -> counts.merge(w, 1, Integer::sum));
        var shown = new ArrayList<String>();
        for (String element : printed) {
            if (element.equals("...")) {
                shown.add(element);
                continue;
            }
            String word = element.substring(1, element.lastIndexOf(','));
            shown.add("(" + word + "," + counts.get(word) + ")");
        }
        assertThat(shown).as("ten words of line %d at most, and ... when it has more", i)
                .hasSize(counts.size() > 10 ? 11 : counts.size());
        assertThat(shown.stream().filter(e -> !e.equals("...")).map(e -> e.substring(1, e.lastIndexOf(','))))
                .doesNotHaveDuplicates().allMatch(counts::containsKey);
        return shown;
    }

    /**
     * The elements of every complete batch print() wrote that has any: a batch is a dashed line,
     * {@code Time: T ms}, a dashed line, its elements, and an empty line.
     */
    static List<List<String>> printedBatches(String output) {
        var batches = new ArrayList<List<String>>();
        List<String> lines = output.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).matches("Time: \\d+ ms")) {
                continue;
            }
            var elements = new ArrayList<String>();
            int j = i + 2;
            while (j < lines.size() && !lines.get(j).isEmpty()) {
                elements.add(lines.get(j));
                j++;
            }
            if (j < lines.size() && !elements.isEmpty()) {
                batches.add(elements);
            }
        }
        return batches;
    }
}
