package dev.lablink.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Prints rows as columns aligned to their widest cell; the last column runs free. */
final class TextTable {
    private TextTable() {
    }

    static void print(String[] headers, List<String[]> body, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(headers);
        rows.addAll(body);
        int[] widths = new int[headers.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }
}
