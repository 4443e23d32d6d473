package dev.lablink.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What cloud machines download: the agent alone, at most 1 MB, with its SHA-256 beside it, from
 * an allocator run as users run it (lablink.jar); machines booted by older allocators still get the
 * whole jar. On the fake cloud with the machines' own user data run, a machine downloads the
 * agent, checks it and becomes READY.
 */
class AgentDownloadIT {
    private static final Pattern PASSWORD = Pattern.compile("password: (\\S+)");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private final LabLinkJar lablink = new LabLinkJar();
    private Process fakeCloud;
    private Process server;

    @AfterEach
    void stop() throws InterruptedException {
        for (Process process : new Process[] {server, fakeCloud}) {
            if (process != null) {
                process.destroy();
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    @Test
    void theAgentJarIsAtMostOneMegabyteAndHasTheHashServedBesideIt() throws Exception {
        int port = LabLinkJar.freePort();
        server = lablink.startServer(dir.resolve("data"), port, dir.resolve("server.log"));
        String base = "http://localhost:" + port;

        HttpResponse<byte[]> jar = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/downloads/lablink-agent.jar")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<String> sha256 = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/downloads/lablink-agent.jar.sha256")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<Void> wholeJar = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/downloads/lablink.jar"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());

        assertThat(jar.statusCode()).isEqualTo(200);
        assertThat(jar.body().length).isPositive().isLessThanOrEqualTo(1024 * 1024);
        assertThat(sha256.statusCode()).isEqualTo(200);
        assertThat(sha256.body().strip()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar.body())));
        assertThat(wholeJar.statusCode()).as("old bootstraps still download the whole jar").isEqualTo(200);

        // java -jar lablink-agent.jar runs the agent: without its settings it says which one is missing.
        Path agentJar = Files.write(dir.resolve("lablink-agent.jar"), jar.body());
        ProcessBuilder run = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar", agentJar.toString())
                .redirectErrorStream(true);
        run.environment().keySet().removeIf(name -> name.startsWith("LABLINK_"));
        Process agent = run.start();
        agent.getOutputStream().close();
        String out = new String(agent.getInputStream().readAllBytes());
        assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(agent.exitValue()).as(out).isEqualTo(2);
        assertThat(out).contains("lablink agent:", "LABLINK_ALLOCATOR_URL");
    }

    @Test
    void aFakeCloudMachineThatRunsItsUserDataDownloadsTheCheckedAgentAndBecomesReady() throws Exception {
        int lambdaPort = LabLinkJar.freePort();
        int ec2Port = LabLinkJar.freePort();
        Path fake = dir.resolve("fake");
        fakeCloud = lablink.start(dir.resolve("fake-cloud.log"), "Stop with Ctrl-C", List.of("dev", "fake-cloud", "--run-user-data",
                "--lambda-port", String.valueOf(lambdaPort), "--ec2-port", String.valueOf(ec2Port), "--data-dir", fake.toString(),
                "--write-config", dir.resolve("lablink.yaml").toString()));
        int port = LabLinkJar.freePort();
        Path serverLog = dir.resolve("server.log");
        server = lablink.startServer(dir.resolve("data"), port, serverLog, "--config", dir.resolve("lablink.yaml").toString());
        Matcher password = PASSWORD.matcher(Files.readString(serverLog));
        assertThat(password.find()).isTrue();
        Map<String, String> env = Map.of("LABLINK_URL", "http://localhost:" + port, "LABLINK_ADMIN_PASSWORD", password.group(1));

        LabLinkJar.Result created = lablink.run(env, "vm", "create", "--count", "1", "--timeout", "PT2M");

        assertThat(created.exitCode()).as(created.out()).isZero();
        assertThat(created.out()).contains("1 of 1 machines READY");
        try (var machines = Files.list(fake)) {
            Path machine = machines.filter(path -> Files.exists(path.resolve("user-data.sh"))).findFirst().orElseThrow();
            assertThat(machine.resolve("opt/lablink/lablink-agent.jar")).exists();
            assertThat(Files.size(machine.resolve("opt/lablink/lablink-agent.jar"))).isLessThanOrEqualTo(1024 * 1024);
            assertThat(machine.resolve("opt/lablink/lablink.jar")).doesNotExist();
        }
    }
}
