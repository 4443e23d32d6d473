package dev.lablink.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lablink server} as a user runs it, its embedded PostgreSQL's postmaster killed: the
 * allocator answers 503 with Retry-After meanwhile, brings the database back by itself, and its
 * output grows by a line or two, not by a stack trace per request.
 */
class DatabaseRestartIT {
    private static final String PASSWORD = "it-admin-password";

    @TempDir
    Path dataDir;
    @TempDir
    Path work;

    private final LabLinkJar lablink = new LabLinkJar();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.destroy();
            server.waitFor();
        }
    }

    private HttpResponse<String> admin(int port) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/vms")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aKilledPostmasterComesBackAndTheLogSaysSoInALineEach() throws Exception {
        Path config = work.resolve("lablink.yaml");
        Files.writeString(config, "app:\n  admin_password: " + PASSWORD + "\n");
        int port = LabLinkJar.freePort();
        Path log = work.resolve("server.log");
        server = lablink.startServer(dataDir, port, log, "--config", config.toString());
        assertThat(admin(port).statusCode()).isEqualTo(200);
        int linesBefore = Files.readAllLines(log).size();
        long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid")).getFirst().trim());

        ProcessHandle.of(postmaster).orElseThrow().destroyForcibly();

        int unavailable = 0;
        HttpResponse<String> answer;
        Instant deadline = Instant.now().plusSeconds(60);
        do {
            answer = admin(port);
            if (answer.statusCode() == 503) {
                unavailable++;
                assertThat(answer.headers().firstValue("Retry-After")).isPresent();
            } else {
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            }
            Thread.sleep(20);
        } while ((answer.statusCode() != 200 || unavailable == 0) && Instant.now().isBefore(deadline));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(unavailable).isPositive();
        List<String> added = Files.readAllLines(log).subList(linesBefore, Files.readAllLines(log).size());
        assertThat(added).as("the allocator's output since the kill").hasSizeLessThanOrEqualTo(3)
                .noneMatch(line -> line.contains("Exception") || line.startsWith("\tat "));
        assertThat(String.join("\n", added)).contains("database unreachable: ", "database restarted");
    }
}
