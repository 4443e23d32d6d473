package dev.lablink.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A session prints numbered lines without pause; the allocator is killed with {@code kill -9} and
 * started again a few seconds later. Every line must arrive, once, in order: the agent kept what
 * it could not send on disk and sent it when the allocator came back.
 */
class LogsSurviveKillIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PASSWORD = "it-admin-password";

    @TempDir
    Path dataDir;
    @TempDir
    Path work;

    private final LabLinkJar lablink = new LabLinkJar();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> servers = new ArrayList<>();
    private int port;

    @AfterEach
    void stopEverything() throws Exception {
        Map<String, String> env = Map.of("LABLINK_URL", "http://localhost:" + port, "LABLINK_ADMIN_PASSWORD", PASSWORD);
        if (!servers.isEmpty() && servers.getLast().isAlive()) {
            lablink.run(env, "vm", "destroy", "--all", "--yes");
        }
        for (Process server : servers) {
            server.destroy();
            server.waitFor();
        }
    }

    private JsonNode get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .build();
        return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    /** The numbers of every session line stored for the machine, in stored order. */
    private List<Integer> sessionNumbers(String machine) throws Exception {
        List<Integer> numbers = new ArrayList<>();
        long after = 0;
        JsonNode page;
        do {
            page = get("/api/v1/vms/" + machine + "/logs?stream=session&limit=5000&after=" + after);
            for (JsonNode line : page.get("lines")) {
                numbers.add(Integer.parseInt(line.get("text").asString().substring("n=".length())));
                after = line.get("id").asLong();
            }
        } while (!page.get("next_after").isNull());
        return numbers;
    }

    @Test
    void noSessionLineIsLostOrDuplicatedAcrossAnAllocatorKill() throws Exception {
        port = LabLinkJar.freePort();
        Path config = work.resolve("lablink.yaml");
        Files.writeString(config, """
                app:
                  admin_password: %s
                session:
                  command: ["bash", "-c", "i=0; while true; do i=$((i+1)); echo n=$i; sleep 0.005; done"]
                """.formatted(PASSWORD));
        servers.add(lablink.startServer(dataDir, port, work.resolve("first.log"), "--config", config.toString()));
        Map<String, String> env = Map.of("LABLINK_URL", "http://localhost:" + port, "LABLINK_ADMIN_PASSWORD", PASSWORD);
        assertThat(lablink.run(env, "vm", "create", "--count", "1").exitCode()).isZero();
        LabLinkJar.Result claim = lablink.run(env, "claim", "--email", "ada@example.org");
        String machine = claim.out().replaceAll("(?s).*Claimed (\\S+) for.*", "$1");
        await().atMost(Duration.ofSeconds(30)).until(() -> sessionNumbers(machine).size() > 100);

        servers.getLast().destroyForcibly().waitFor();
        Thread.sleep(3000); // the session goes on printing; the agent keeps it on disk
        servers.add(lablink.startServer(dataDir, port, work.resolve("second.log"), "--config", config.toString()));
        Path sessionLog = dataDir.resolve("machines").resolve(machine).resolve("session.log");
        int printedByRestart = (int) Files.lines(sessionLog).count();

        await().atMost(Duration.ofSeconds(60)).until(() -> sessionNumbers(machine).size() >= printedByRestart);
        List<Integer> numbers = sessionNumbers(machine);
        for (int i = 0; i < numbers.size(); i++) {
            assertThat(numbers.get(i)).as("line %d of %d", i, numbers.size()).isEqualTo(i + 1);
        }
        assertThat(numbers.size()).isGreaterThanOrEqualTo(printedByRestart);
    }
}
