package dev.lablink.cli;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code lablink roster import|export|list|remove}: who may claim with participants.access: roster. */
@Command(name = "roster", description = "Import, export, list and remove the people who may claim a seat (participants.access: roster).",
        mixinStandardHelpOptions = true,
        subcommands = {RosterCommand.Import.class, RosterCommand.Export.class, RosterCommand.ListPeople.class, RosterCommand.Remove.class})
public class RosterCommand {

    @Command(name = "import", description = "Import a CSV (email,name,group; a header row is optional). Nothing is imported when any row is bad.",
            mixinStandardHelpOptions = true)
    static class Import implements Callable<Integer> {
        @Mixin
        ConnectionOptions connection;
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The roster CSV, UTF-8.")
        Path file;

        @Option(names = "--replace", description = "Make the file the whole roster: people not in it are taken off.")
        boolean replace;

        @Override
        public Integer call() {
            JsonNode report = connection.client().postText("/api/v1/roster" + (replace ? "?replace=true" : ""), "text/csv; charset=utf-8", read(file));
            var out = spec.commandLine().getOut();
            out.println((replace ? "Roster replaced: " : "Roster imported: ") + report.path("rows").asInt() + " people in the file, "
                    + report.path("added").asInt() + " added, " + report.path("updated").asInt() + " updated, "
                    + report.path("unchanged").asInt() + " unchanged" + (replace ? ", " + report.path("removed").asInt() + " removed" : ""));
            out.flush();
            return 0;
        }

        /** The file as UTF-8 text; the allocator checks the rest (a binary file, the size) and says what is wrong. */
        private static String read(Path file) {
            try {
                byte[] bytes = Files.readAllBytes(file);
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            } catch (NoSuchFileException e) {
                throw new CliException("no file " + file + "; give the path of the roster CSV");
            } catch (CharacterCodingException e) {
                throw new CliException(file + " is not UTF-8 text; save it as \"CSV UTF-8\" and import it again");
            } catch (IOException e) {
                throw new CliException("cannot read " + file + ": " + e.getMessage());
            }
        }
    }

    @Command(name = "export", description = "Write the roster as CSV (to FILE, or to the terminal); it imports back unchanged.",
            mixinStandardHelpOptions = true)
    static class Export implements Callable<Integer> {
        @Mixin
        ConnectionOptions connection;
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", arity = "0..1", description = "Where to write it (default: standard output).")
        Path file;

        @Override
        public Integer call() {
            String csv = connection.client().getText("/api/v1/roster.csv", "text/csv");
            var out = spec.commandLine().getOut();
            if (file == null) {
                out.print(csv);
                out.flush();
                return 0;
            }
            try {
                Files.writeString(file, csv, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CliException("cannot write " + file + ": " + e.getMessage());
            }
            long people = csv.lines().count() - 1;
            spec.commandLine().getErr().println("Wrote " + people + (people == 1 ? " person" : " people") + " to " + file);
            spec.commandLine().getErr().flush();
            return 0;
        }
    }

    @Command(name = "list", description = "List the roster, with the seat each person holds now.", mixinStandardHelpOptions = true)
    static class ListPeople implements Callable<Integer> {
        @Mixin
        ConnectionOptions connection;
        @Spec
        CommandSpec spec;

        @Option(names = "--search", description = "Only people whose email, name or group contains this text.")
        String search;

        @Option(names = "--json", description = "Print JSON instead of a table.")
        boolean json;

        @Override
        public Integer call() {
            String query = search == null ? "" : "?q=" + URLEncoder.encode(search, StandardCharsets.UTF_8);
            JsonNode roster = connection.client().get("/api/v1/roster" + query);
            var out = spec.commandLine().getOut();
            if (json) {
                out.println(ApiClient.pretty(roster));
                out.flush();
                return 0;
            }
            print(roster, out);
            return 0;
        }
    }

    static void print(JsonNode roster, java.io.PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        for (JsonNode person : roster.path("people")) {
            rows.add(new String[] {person.path("email").asString(), person.path("name").asString(""), person.path("group").asString(""),
                    person.path("seat").asString("")});
        }
        TextTable.print(new String[] {"EMAIL", "NAME", "GROUP", "SEAT"}, rows, out);
        String access = roster.path("access").asString("");
        out.println(rows.size() + (rows.size() == 1 ? " person" : " people") + "; participants.access: " + access
                + (access.equals("roster") ? "" : " (the roster only decides who may claim with participants.access: roster)"));
        out.flush();
    }

    @Command(name = "remove", description = "Take one person off the roster (a seat they hold stays theirs).", mixinStandardHelpOptions = true)
    static class Remove implements Callable<Integer> {
        @Mixin
        ConnectionOptions connection;
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "EMAIL", description = "Their email, as listed.")
        String email;

        @Override
        public Integer call() {
            connection.client().delete("/api/v1/roster/" + URLEncoder.encode(email.trim(), StandardCharsets.UTF_8).replace("+", "%20"));
            spec.commandLine().getOut().println("Removed " + email.trim() + " from the roster");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
