package dev.lablink.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Prints machines as an aligned table. */
final class MachineTable {
    private static final String[] HEADERS = {"NAME", "STATE", "PROVIDER", "TYPE", "CLAIMED BY", "SINCE", "REASON"};

    private MachineTable() {
    }

    static void print(JsonNode machines, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADERS);
        for (JsonNode m : machines) {
            rows.add(new String[] {
                    m.path("name").asString(""), m.path("state").asString(""), m.path("provider").asString(""),
                    m.path("machine_type").asString("-"), m.path("claimed_by").asString("-"),
                    m.path("state_changed_at").asString(""), m.path("state_reason").asString("")});
        }
        int[] widths = new int[HEADERS.length];
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
        if (rows.size() == 1) {
            out.println("(no machines; create some with: lablink vm create --count 3)");
        }
        out.flush();
    }
}
