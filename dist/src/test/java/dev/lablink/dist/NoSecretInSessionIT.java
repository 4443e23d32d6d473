package dev.lablink.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A participant on a local machine reads /proc/PID/environ of their own session and of the agent
 * that runs it: neither holds the admin password or any other secret of the allocator's environment.
 */
class NoSecretInSessionIT {
    private static final String ADMIN_PASSWORD = "admin-secret-9f3e1c";
    private static final String CLOUD_KEY = "cloud-secret-7a2b4d";

    @TempDir
    Path dataDir;
    @TempDir
    Path logs;

    private final LabLinkJar lablink = new LabLinkJar();
    private Process server;
    private int port;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            lablink.run(env(), "down", "--yes");
            server.destroy();
            server.waitFor();
        }
    }

    private Map<String, String> env() {
        return Map.of("LABLINK_URL", "http://localhost:" + port, "LABLINK_ADMIN_PASSWORD", ADMIN_PASSWORD);
    }

    @Test
    void aSessionsEnvironmentHoldsNoSecretOfTheAllocator() throws Exception {
        port = LabLinkJar.freePort();
        server = lablink.startServer(Map.of("LABLINK_APP_ADMIN_PASSWORD", ADMIN_PASSWORD, "AWS_SECRET_ACCESS_KEY", CLOUD_KEY),
                dataDir, port, logs.resolve("server.log"));
        assertThat(lablink.run(env(), "vm", "create", "--count", "1").exitCode()).isZero();
        LabLinkJar.Result claim = lablink.run(env(), "claim", "--email", "ada@example.org");
        assertThat(claim.exitCode()).as(claim.out()).isZero();
        String machine = claim.out().replaceAll("(?s).*Claimed (\\S+) for.*", "$1");

        long agentPid = Long.parseLong(Files.readString(dataDir.resolve("machines").resolve(machine).resolve("agent.pid")).trim().split("\\s+")[0]);
        ProcessHandle agent = ProcessHandle.of(agentPid).orElseThrow();
        await().atMost(Duration.ofSeconds(20)).until(() -> agent.descendants().findAny().isPresent());
        List<ProcessHandle> processes = new ArrayList<>(List.of(agent));
        processes.addAll(agent.descendants().toList());

        for (ProcessHandle process : processes) {
            String environ = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "environ")).replace('\0', '\n');
            assertThat(environ).as("environment of %s", process.info().commandLine().orElse("pid " + process.pid()))
                    .contains("PATH=")
                    .doesNotContain(ADMIN_PASSWORD, CLOUD_KEY, "LABLINK_APP_ADMIN_PASSWORD");
        }
        String session = Files.readString(Path.of("/proc", String.valueOf(processes.getLast().pid()), "environ"));
        assertThat(session).contains("LABLINK_USER_EMAIL=ada@example.org").doesNotContain("LABLINK_AGENT_TOKEN");
    }
}
