package dev.sluice.itests;

import java.util.ArrayList;
import java.util.List;

/**
 * One block as {@code print()} wrote it: {@code lines} from the first dashed rule to the blank
 * line that ends it, and the batch time read from its {@code Time:} line.
 */
record PrintedBatch(long time, List<String> lines) {

    static final String RULE = "-".repeat(43);

    PrintedBatch {
        lines = List.copyOf(lines);
    }

    /** The lines between the header and the closing blank line. */
    List<String> elements() {
        return lines.size() < 4 ? List.of() : lines.subList(3, lines.size() - 1);
    }

    /** The block the spec's {@code print()} prints for this batch time with {@code elements}, in that order. */
    static List<String> expected(long time, List<String> elements) {
        var block = new ArrayList<String>();
        block.add(RULE);
        block.add("Time: " + time + " ms");
        block.add(RULE);
        block.addAll(elements);
        block.add("");
        return block;
    }

    @Override
    public String toString() {
        return String.join("\n", lines);
    }
}
