package dev.sluice.shell.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Rows of text in columns as wide as their widest cell, two spaces apart, no trailing blanks. */
final class TextTable {

    private final List<List<String>> rows = new ArrayList<>();

    /** A table whose first row is {@code header}; none for a table of key/value lines. */
    TextTable(String... header) {
        if (header.length > 0) {
            rows.add(List.of(header));
        }
    }

    TextTable row(Object... cells) {
        rows.add(Arrays.stream(cells).map(String::valueOf).toList());
        return this;
    }

    String render() {
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        var text = new StringBuilder();
        for (List<String> row : rows) {
            var line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(row.get(i));
                if (i < row.size() - 1) {
                    line.append(" ".repeat(widths[i] - row.get(i).length() + 2));
                }
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString().stripTrailing();
    }
}
