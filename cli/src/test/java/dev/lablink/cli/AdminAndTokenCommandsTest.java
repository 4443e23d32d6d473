package dev.lablink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What lablink admin and lablink token send and print, against a stand-in allocator that answers as the real one does. */
class AdminAndTokenCommandsTest {
    record Call(String method, String path, String authorization, String body) {
    }

    private HttpServer server;
    private final List<Call> calls = new ArrayList<>();
    private int status = 200;
    private String answer = "{}";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            calls.add(new Call(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("Authorization"), new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        AdminCommand.stdin = System.in;
    }

    record Outcome(int exitCode, String out, String err) {
    }

    private Outcome lablink(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("lablink: " + e.getMessage());
            return 1;
        });
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", "http://127.0.0.1:" + server.getAddress().getPort()));
        int code = commandLine.execute(all.toArray(String[]::new));
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void addingAViewerWithoutAPasswordPrintsTheGeneratedOneOnce() {
        status = 201;
        answer = "{\"username\":\"vera\",\"role\":\"viewer\",\"created_at\":\"2026-12-02T10:00:00Z\",\"password\":\"generated-secret-1\"}";

        Outcome outcome = lablink(new AdminCommand(), "add", "vera", "--role", "viewer", "--password", "admin-pw");

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).contains("Added vera with role viewer", "Password (shown only this once): generated-secret-1");
        Call call = calls.getFirst();
        assertThat(call.method() + " " + call.path()).isEqualTo("POST /api/v1/admins");
        assertThat(call.body()).isEqualTo("{\"username\":\"vera\",\"role\":\"viewer\"}");
        assertThat(call.authorization()).startsWith("Basic ");
    }

    @Test
    void aPasswordFromStandardInputGoesInTheBodyAndIsNotPrinted() {
        AdminCommand.stdin = new ByteArrayInputStream("chosen-password-1\n".getBytes(StandardCharsets.UTF_8));
        answer = "{\"username\":\"vera\",\"password\":null}";

        Outcome outcome = lablink(new AdminCommand(), "passwd", "vera", "--password-stdin", "--password", "admin-pw");

        assertThat(outcome.out().strip()).isEqualTo("Password of vera changed");
        assertThat(calls.getFirst().path()).isEqualTo("/api/v1/admins/vera/password");
        assertThat(calls.getFirst().body()).isEqualTo("{\"password\":\"chosen-password-1\"}");
    }

    @Test
    void aTokenIsSentAsBearerInsteadOfThePassword() {
        answer = "[{\"username\":\"admin\",\"role\":\"admin\",\"created_at\":\"2026-12-02T10:00:00Z\",\"failed_logins\":3,\"locked_until\":null}]";

        Outcome outcome = lablink(new AdminCommand(), "list", "--token", "llk_abc");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(calls.getFirst().authorization()).isEqualTo("Bearer llk_abc");
        assertThat(outcome.out()).contains("USER", "FAILED LOGINS", "admin");
    }

    @Test
    void aRefusedTokenIsOneLine() {
        status = 401;
        answer = "{\"status\":401,\"detail\":\"this API token is unknown or revoked\"}";

        Outcome outcome = lablink(new TokenCommand(), "list", "--token", "llk_gone");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err().strip()).isEqualTo("lablink: the allocator refused the API token: it is unknown or revoked (check --token and LABLINK_TOKEN)");
    }

    @Test
    void tokenCreatePrintsOnlyTheTokenOnStandardOutput() {
        status = 201;
        answer = "{\"id\":7,\"name\":\"ci\",\"token\":\"llk_secret\",\"prefix\":\"llk_secret\",\"created_at\":\"2026-12-02T10:00:00Z\"}";

        Outcome outcome = lablink(new TokenCommand(), "create", "ci", "--password", "admin-pw");

        assertThat(outcome.out().strip()).isEqualTo("llk_secret");
        assertThat(outcome.err()).contains("Token 7 (ci) created; it is shown only this once");
        assertThat(calls.getFirst().body()).isEqualTo("{\"name\":\"ci\"}");
    }

    @Test
    void refusalsAreTheAllocatorsOneLine() {
        status = 409;
        answer = "{\"status\":409,\"detail\":\"'admin' is the last account with the admin role; add another admin before removing it\"}";

        Outcome outcome = lablink(new AdminCommand(), "remove", "admin", "--password", "admin-pw");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err().strip()).isEqualTo("lablink: 'admin' is the last account with the admin role; add another admin before removing it");
        assertThat(calls.getFirst().method() + " " + calls.getFirst().path()).isEqualTo("DELETE /api/v1/admins/admin");
    }

    @Test
    void claimingOnAParticipantsBehalfSendsTheAdminsToken() {
        status = 201;
        answer = "{\"email\":\"ada@uni.edu\",\"machine\":\"lablink-vm-1\",\"state\":\"ASSIGNED\",\"new_claim\":true,\"page\":\"/seat/k\"}";

        Outcome outcome = lablink(new ClaimCommand(), "--email", "ada@uni.edu", "--token", "llk_abc");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(calls).extracting(Call::method, Call::path, Call::authorization)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("POST", "/api/v1/claims", "Bearer llk_abc"));
    }
}
