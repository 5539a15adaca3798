package io.caravel.cli.output;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table: upper-case headers, columns padded to their widest cell, two spaces apart.
 */
public final class Table {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... headers) {
        this.headers = List.of(headers);
    }

    /** Adds a row; null cells print empty, line breaks as spaces. */
    public Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException(
                    "expected " + headers.size() + " cells, got " + cells.length);
        }
        rows.add(
                Arrays.stream(cells)
                        .map(c -> c == null ? "" : c.toString().replace('\n', ' ').strip())
                        .toList());
        return this;
    }

    /** The table, one line per row, each ending with a line break. */
    public String render() {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder s = new StringBuilder();
        line(s, headers.stream().map(h -> h.toUpperCase(java.util.Locale.ROOT)).toList(), widths);
        rows.forEach(r -> line(s, r, widths));
        return s.toString();
    }

    private static void line(StringBuilder s, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            line.append(cells.get(i));
            if (i < cells.size() - 1) {
                line.append(" ".repeat(widths[i] - cells.get(i).length() + 2));
            }
        }
        s.append(line.toString().stripTrailing()).append('\n');
    }
}
