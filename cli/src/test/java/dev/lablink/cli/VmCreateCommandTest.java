package dev.lablink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
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

/** What lablink vm create --image sends and prints, against a stand-in allocator that answers as the real one does. */
class VmCreateCommandTest {
    private static final String DIGEST = "sha256:ab12cd34ef56" + "0".repeat(52);

    private HttpServer server;
    private final List<String> bodies = new ArrayList<>();
    private int status = 202;
    private String answer;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
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
    }

    private record Outcome(int exitCode, String out, String err) {
    }

    private Outcome lablink(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new VmCommand());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("lablink: " + e.getMessage());
            return 1;
        });
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", "http://127.0.0.1:" + server.getAddress().getPort(), "--password", "admin-pw"));
        return new Outcome(commandLine.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }

    @Test
    void anImageFromTheCatalogIsSentAndThePinnedDigestPrinted() {
        String pinned = "localhost:5000/lab/tools:1.2@" + DIGEST;
        answer = "{\"machines\":[{\"name\":\"lablink-vm-1\",\"state\":\"PROVISIONING\",\"image\":\"" + pinned + "\"},"
                + "{\"name\":\"lablink-vm-2\",\"state\":\"PROVISIONING\",\"image\":\"" + pinned + "\"}]}";

        Outcome outcome = lablink("create", "--count", "2", "--image", "localhost:5000/lab/tools:1.2", "--no-wait");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(bodies.getFirst()).isEqualTo("{\"count\":2,\"image\":\"localhost:5000/lab/tools:1.2\"}");
        assertThat(outcome.out().strip())
                .isEqualTo("Requested 2 machines running localhost:5000/lab/tools:1.2@sha256:ab12cd34ef56…: lablink-vm-1, lablink-vm-2");
    }

    @Test
    void withoutAnImageNothingIsSaidAboutOne() {
        answer = "{\"machines\":[{\"name\":\"lablink-vm-3\",\"state\":\"PROVISIONING\",\"image\":null}]}";

        Outcome outcome = lablink("create", "--count", "1", "--no-wait");

        assertThat(bodies.getFirst()).isEqualTo("{\"count\":1}");
        assertThat(outcome.out().strip()).isEqualTo("Requested 1 machines: lablink-vm-3");
    }

    @Test
    void anImageTheCatalogLacksIsTheAllocatorsOneLine() {
        status = 400;
        answer = "{\"status\":400,\"field\":\"image\",\"detail\":\"image: localhost:5000/lab/tools:1.3 is not in the image catalog;"
                + " nearest: localhost:5000/lab/tools:1.2; after a push, run lablink images rescan (or Rescan images on the Images page)\"}";

        Outcome outcome = lablink("create", "--count", "1", "--image", "localhost:5000/lab/tools:1.3", "--no-wait");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).contains("nearest: localhost:5000/lab/tools:1.2", "lablink images rescan");
    }
}
