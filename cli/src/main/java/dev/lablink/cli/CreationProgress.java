package dev.lablink.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * One progress line for machines on their way to READY: redrawn in place on a terminal, a new
 * line per change otherwise (so logs and CI output stay readable).
 */
final class CreationProgress {
    private static final int WIDTH = 30;
    static final String CLEAR_TO_END_OF_LINE = "\033[K";

    private final PrintWriter out;
    private final boolean terminal;
    private String last = "";

    CreationProgress(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Shows the states of the machines; returns how many are finished (READY or beyond, or FAILED). */
    int show(Iterable<JsonNode> machines, int total) {
        Map<String, Integer> counts = new TreeMap<>();
        int done = 0;
        for (JsonNode machine : machines) {
            String state = machine.path("state").asString();
            counts.merge(state, 1, Integer::sum);
            if (!state.equals("PROVISIONING") && !state.equals("BOOTING")) {
                done++;
            }
        }
        int filled = total == 0 ? WIDTH : done * WIDTH / total;
        String line = "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + done + "/" + total + "  " + counts;
        if (!line.equals(last)) {
            if (terminal) {
                // \033[K clears what a longer previous line left to the right of this one.
                out.print("\r" + line + CLEAR_TO_END_OF_LINE);
            } else {
                out.println(line);
            }
            out.flush();
            last = line;
        }
        return done;
    }

    void finish() {
        if (terminal) {
            out.println();
            out.flush();
        }
    }
}
