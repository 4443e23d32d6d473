package dev.lablink.server.roster;

import java.util.List;

/** A roster file with bad rows: every problem, by line, and nothing was imported. Answered 400. */
public class RosterImportException extends RuntimeException {
    /** {@code field} is email, name, group or file; {@code message} reads on its own after "line N: ". */
    public record RowProblem(int line, String field, String message) {
        public String text() {
            return "line " + line + ": " + message;
        }
    }

    private final List<RowProblem> problems;

    RosterImportException(List<RowProblem> problems) {
        super("the roster was not changed: " + (problems.size() == 1 ? "1 row has a problem" : problems.size() + " rows have problems")
                + "; fix them and import the file again. " + problems.getFirst().text());
        this.problems = List.copyOf(problems);
    }

    public List<RowProblem> problems() {
        return problems;
    }
}
