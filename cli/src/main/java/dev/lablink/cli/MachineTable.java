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
        for (JsonNode m : machines) {
            rows.add(new String[] {
                    m.path("name").asString(""), m.path("state").asString(""), m.path("provider").asString(""),
                    m.path("machine_type").asString("-"), m.path("claimed_by").asString("-"),
                    ShownTime.of(m.path("state_changed_at").asString("")), m.path("state_reason").asString("")});
        }
        TextTable.print(HEADERS, rows, out);
        if (rows.isEmpty()) {
            out.println("(no machines; create some with: lablink vm create --count 3)");
            out.flush();
        }
    }
}
