package org.huddle.shell.internal;

import java.util.List;
import java.util.StringJoiner;

/** Lines of columns separated by two blanks, each column as wide as its widest cell (the last one unpadded). */
final class Columns {

    private Columns() {
    }

    static String of(List<String[]> rows) {
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].codePointCount(0, row[c].length()));
            }
        }
        StringJoiner lines = new StringJoiner(System.lineSeparator());
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                line.append(row[c]);
                if (c < row.length - 1) {
                    line.append(" ".repeat(widths[c] - row[c].codePointCount(0, row[c].length()) + 2));
                }
            }
            lines.add(line.toString());
        }
        return lines.toString();
    }
}
