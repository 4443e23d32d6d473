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
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's fake-cloud walk-through beside a running allocator, reduced to its mistake: a
 * second {@code lablink server} on the data dir of a live one. It must stop at once with one line
 * and leave the first one (and its embedded PostgreSQL) serving.
 */
class DataDirLockIT {
    private static final String PASSWORD = "it-admin-password";

    @TempDir
    Path dataDir;
    @TempDir
    Path work;

    private final LabLinkJar lablink = new LabLinkJar();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process first;

    @AfterEach
    void stop() throws Exception {
        if (first != null) {
            first.destroy();
            first.waitFor();
        }
    }

    private int status(int port, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void aSecondAllocatorOnADataDirInUseStopsWithOneLineAndTheFirstKeepsServing() throws Exception {
        Path config = work.resolve("lablink.yaml");
        Files.writeString(config, "app:\n  admin_password: " + PASSWORD + "\n");
        int port = LabLinkJar.freePort();
        first = lablink.startServer(dataDir, port, work.resolve("first.log"), "--config", config.toString());
        String postmasterBefore = Files.readString(dataDir.resolve("postgres").resolve("postmaster.pid"));

        LabLinkJar.Result second = lablink.run(Map.of(), "server", "--data-dir", dataDir.toString(),
                "--port", String.valueOf(LabLinkJar.freePort()));

        assertThat(second.exitCode()).isNotZero();
        assertThat(second.out().strip().lines()).containsExactly("lablink: another allocator (pid " + first.pid() + ", port " + port
                + ") uses this data dir (" + dataDir + "); stop it or pass --data-dir");
        assertThat(Files.readString(dataDir.resolve("postgres").resolve("postmaster.pid"))).isEqualTo(postmasterBefore);
        assertThat(status(port, "/")).isEqualTo(200);
        assertThat(status(port, "/api/v1/vms")).isEqualTo(200);
        assertThat(Files.readString(work.resolve("first.log"))).doesNotContain("stopping PostgreSQL", "Exception");
    }

    @Test
    void aDataDirThatCannotBeLockedIsOneLine() throws Exception {
        Path file = Files.writeString(work.resolve("not-a-directory"), "");

        LabLinkJar.Result result = lablink.run(Map.of(), "server", "--data-dir", file.resolve("data").toString(),
                "--port", String.valueOf(LabLinkJar.freePort()));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.out().strip().lines()).singleElement().asString()
                .startsWith("lablink: the allocator could not start: cannot lock the data dir " + file.resolve("data"));
    }
}
