package dev.lablink.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's walk-through with the packaged jar: start, create 3, claim, IN_USE; then
 * {@code kill -9} of the allocator, restart, and everything is still there; destroy leaves no process.
 */
class WalkthroughIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern PASSWORD = Pattern.compile("password: (\\S+)");

    @TempDir
    Path dataDir;
    @TempDir
    Path logs;

    private final LabLinkJar lablink = new LabLinkJar();
    private final List<Process> servers = new ArrayList<>();

    /** Stops servers gracefully (which stops their PostgreSQL), and any agent a failed test left behind. */
    @AfterEach
    void stopEverything() throws Exception {
        for (Process server : servers) {
            server.destroy();
            if (!server.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        if (Files.isDirectory(dataDir.resolve("machines"))) {
            for (long pid : agentPids()) {
                ProcessHandle.of(pid).ifPresent(agent -> {
                    agent.descendants().forEach(ProcessHandle::destroyForcibly);
                    agent.destroyForcibly();
                });
            }
        }
    }

    private JsonNode list(Map<String, String> env) throws Exception {
        LabLinkJar.Result result = lablink.run(env, "vm", "list", "--json");
        assertThat(result.exitCode()).as(result.out()).isZero();
        return JSON.readTree(result.out());
    }

    private String stateOf(Map<String, String> env, String name) throws Exception {
        for (JsonNode machine : list(env)) {
            if (machine.get("name").asString().equals(name)) {
                return machine.get("state").asString();
            }
        }
        throw new AssertionError("no machine " + name);
    }

    private List<Long> agentPids() throws Exception {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(dataDir.resolve("machines"))) {
            for (Path dir : dirs.toList()) {
                Path pidFile = dir.resolve("agent.pid");
                if (Files.exists(pidFile)) {
                    pids.add(Long.parseLong(Files.readString(pidFile).trim().split("\\s+")[0]));
                }
            }
        }
        return pids;
    }

    @Test
    void walkThroughSurvivesKillDashNineAndLeavesNothingRunning() throws Exception {
        int port = LabLinkJar.freePort();
        Path firstLog = logs.resolve("first.log");
        Process server = lablink.startServer(dataDir, port, firstLog);
        servers.add(server);
        Matcher matcher = PASSWORD.matcher(Files.readString(firstLog));
        assertThat(matcher.find()).as("first start prints a generated admin password").isTrue();
        Map<String, String> env = Map.of("LABLINK_URL", "http://localhost:" + port, "LABLINK_ADMIN_PASSWORD", matcher.group(1));

        LabLinkJar.Result created = lablink.run(env, "vm", "create", "--count", "3");
        assertThat(created.exitCode()).as(created.out()).isZero();
        assertThat(created.out()).contains("3/3").contains("3 of 3 machines READY");

        LabLinkJar.Result claim = lablink.run(env, "claim", "--email", "ada@example.org");
        assertThat(claim.exitCode()).as(claim.out()).isZero();
        String adaMachine = claim.out().replaceAll("(?s).*Claimed (\\S+) for.*", "$1");
        await().atMost(Duration.ofSeconds(20)).until(() -> stateOf(env, adaMachine).equals("IN_USE"));
        List<Long> agents = agentPids();
        assertThat(agents).hasSize(3);

        // kill -9: no shutdown hook runs; agents and PostgreSQL are left behind.
        server.destroyForcibly().waitFor();
        Path secondLog = logs.resolve("second.log");
        servers.add(lablink.startServer(dataDir, port, secondLog));
        assertThat(Files.readString(secondLog)).as("the password is printed only once").doesNotContain("password:");

        JsonNode afterRestart = list(env);
        assertThat(afterRestart).hasSize(3);
        assertThat(stateOf(env, adaMachine)).isEqualTo("IN_USE");
        LabLinkJar.Result again = lablink.run(env, "claim", "--email", "ada@example.org");
        assertThat(again.out()).contains("Already claimed: " + adaMachine);

        // The surviving agents reconnect: a new claim reaches one through its long poll.
        LabLinkJar.Result bob = lablink.run(env, "claim", "--email", "bob@example.org");
        String bobMachine = bob.out().replaceAll("(?s).*Claimed (\\S+) for.*", "$1");
        await().atMost(Duration.ofSeconds(30)).until(() -> stateOf(env, bobMachine).equals("IN_USE"));

        List<ProcessHandle> everything = new ArrayList<>();
        for (long pid : agents) {
            ProcessHandle agent = ProcessHandle.of(pid).orElseThrow();
            everything.add(agent);
            everything.addAll(agent.descendants().toList());
        }
        LabLinkJar.Result destroyed = lablink.run(env, "vm", "destroy", "--all", "--yes");
        assertThat(destroyed.exitCode()).as(destroyed.out()).isZero();
        assertThat(destroyed.out()).contains(adaMachine + " TERMINATED");
        assertThat(everything).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void cliErrorsAreOneLineWithExitCodes() throws Exception {
        LabLinkJar.Result usage = lablink.run(Map.of(), "vm", "create");
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.out()).contains("Missing required option: '--count");

        LabLinkJar.Result unreachable = lablink.run(Map.of("LABLINK_URL", "http://127.0.0.1:9", "LABLINK_ADMIN_PASSWORD", "x"), "vm", "list");
        assertThat(unreachable.exitCode()).isEqualTo(1);
        assertThat(unreachable.out()).contains("cannot reach the allocator at http://127.0.0.1:9").doesNotContain("Exception");

        Path bad = logs.resolve("lablink.yaml");
        Files.writeString(bad, "machine:\n  machine_typ: g5.xlarge\n");
        LabLinkJar.Result invalid = lablink.run(Map.of(), "config", "validate", bad.toString());
        assertThat(invalid.exitCode()).isEqualTo(1);
        assertThat(invalid.out().trim()).isEqualTo("lablink: " + bad + ": machine.machine_typ: unknown key; did you mean machine.machine_type?");

        LabLinkJar.Result badServer = lablink.run(Map.of(), "server", "--config", bad.toString());
        assertThat(badServer.exitCode()).isEqualTo(1);
        assertThat(badServer.out()).contains("did you mean machine.machine_type?");

        LabLinkJar.Result example = lablink.run(Map.of(), "config", "validate", Path.of("..", "lablink.example.yaml").toString());
        assertThat(example.exitCode()).as(example.out()).isZero();
        assertThat(example.out()).contains("is valid");
    }
}
