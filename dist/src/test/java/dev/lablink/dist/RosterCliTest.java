package dev.lablink.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code lablink roster} as an admin runs it, against a stand-in allocator that answers as the
 * roster API does: what the command sends, and what it prints back (problems one per line).
 */
class RosterCliTest {
    @TempDir
    Path dir;
    private HttpServer allocator;
    private final List<String> requests = new ArrayList<>();

    record Outcome(int exitCode, String out, String err) {
    }

    @BeforeEach
    void startAllocator() throws IOException {
        allocator = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        allocator.createContext("/api/v1/roster", this::answer);
        allocator.start();
    }

    @AfterEach
    void stopAllocator() {
        allocator.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String target = exchange.getRequestMethod() + " " + exchange.getRequestURI();
        requests.add(target + " " + exchange.getRequestHeaders().getFirst("Content-Type") + "\n" + body);
        if (target.startsWith("POST") && body.contains("bob@,")) {
            reply(exchange, 400, "application/problem+json", """
                    {"status": 400, "detail": "the roster was not changed: 2 rows have problems; fix them and import the file again. line 7: email 'bob@' is not an email address; write it like name@example.org",
                     "error_count": 2, "errors": [
                       {"line": 7, "field": "email", "message": "email 'bob@' is not an email address; write it like name@example.org"},
                       {"line": 9, "field": "email", "message": "email 'ada@example.org' is already on line 2; list each person once"}]}
                    """);
        } else if (target.startsWith("POST")) {
            reply(exchange, 200, "application/json", "{\"replaced\": true, \"rows\": 2, \"added\": 1, \"updated\": 0, \"unchanged\": 1, \"removed\": 3}");
        } else if (target.equals("GET /api/v1/roster.csv")) {
            reply(exchange, 200, "text/csv", "email,name,group\nada@example.org,Ada,A\ngrace@example.org,\"Hopper, Grace\",\n");
        } else if (target.startsWith("GET")) {
            reply(exchange, 200, "application/json", """
                    {"access": "open", "count": 1, "people": [{"email": "ada@example.org", "name": "Ada", "group": "A", "seat": "lablink-vm-1", "holds_seat": true}]}
                    """);
        } else if (target.equals("DELETE /api/v1/roster/nobody%40example.org")) {
            reply(exchange, 404, "application/problem+json", "{\"status\": 404, \"detail\": \"'nobody@example.org' is not on the roster; GET /api/v1/roster lists who is\"}");
        } else {
            reply(exchange, 204, null, "");
        }
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (type != null) {
            exchange.getResponseHeaders().add("Content-Type", type);
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private Outcome lablink(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = LabLinkMain.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", "http://127.0.0.1:" + allocator.getAddress().getPort(), "--password", "secret"));
        int code = commandLine.execute(all.toArray(String[]::new));
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void importSendsTheFileAsCsvAndPrintsTheCounts() throws IOException {
        Path file = Files.writeString(dir.resolve("roster.csv"), "email,name\nada@example.org,Ada\nlin@example.org,Lin\n");

        Outcome outcome = lablink("roster", "import", file.toString(), "--replace");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out().strip()).isEqualTo("Roster replaced: 2 people in the file, 1 added, 0 updated, 1 unchanged, 3 removed");
        assertThat(requests.getFirst()).startsWith("POST /api/v1/roster?replace=true text/csv").endsWith("\nada@example.org,Ada\nlin@example.org,Lin\n");
    }

    @Test
    void aRefusedImportPrintsEachProblemOnItsOwnLineAndExitsNonZero() throws IOException {
        Path file = Files.writeString(dir.resolve("roster.csv"), "ada@example.org,Ada\nbob@,Bob\n");

        Outcome outcome = lablink("roster", "import", file.toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err().strip().lines().toList()).containsExactly(
                "lablink: the roster was not changed: 2 rows have problems; fix them and import the file again.",
                "  line 7: email 'bob@' is not an email address; write it like name@example.org",
                "  line 9: email 'ada@example.org' is already on line 2; list each person once");
    }

    @Test
    void aMissingFileIsOneLineAndNothingIsSent() {
        Outcome outcome = lablink("roster", "import", dir.resolve("nope.csv").toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err().strip()).isEqualTo("lablink: no file " + dir.resolve("nope.csv") + "; give the path of the roster CSV");
        assertThat(requests).isEmpty();
    }

    @Test
    void exportWritesTheCsvToAFileOrTheTerminal() throws IOException {
        Outcome toTerminal = lablink("roster", "export");
        assertThat(toTerminal.out()).isEqualTo("email,name,group\nada@example.org,Ada,A\ngrace@example.org,\"Hopper, Grace\",\n");

        Path file = dir.resolve("out.csv");
        Outcome toFile = lablink("roster", "export", file.toString());
        assertThat(toFile.exitCode()).isZero();
        assertThat(Files.readString(file)).isEqualTo(toTerminal.out());
        assertThat(toFile.err().strip()).isEqualTo("Wrote 2 people to " + file);
    }

    @Test
    void listShowsTheSeatAndTheAccessModeAndRemoveNamesThePerson() {
        Outcome list = lablink("roster", "list");
        assertThat(list.out()).contains("ada@example.org", "lablink-vm-1")
                .contains("1 person; participants.access: open (the roster only decides who may claim with participants.access: roster)");

        assertThat(lablink("roster", "remove", "ada@example.org").out().strip()).isEqualTo("Removed ada@example.org from the roster");
        Outcome unknown = lablink("roster", "remove", "nobody@example.org");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err().strip()).isEqualTo("lablink: 'nobody@example.org' is not on the roster; GET /api/v1/roster lists who is");
    }
}
