package dev.lablink.server.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lablink.core.machine.MachineState;
import dev.lablink.server.OwnAllocatorTestBase;
import dev.lablink.server.RunningAgent;
import dev.lablink.server.TestAllocator;
import java.io.IOException;
import java.net.CookieManager;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** session.software, as LabLink's in-use status: a claimed machine is IN_USE only while that program runs. */
class SessionSoftwareTest extends OwnAllocatorTestBase {
    @TempDir
    static Path dataDir;
    @TempDir
    static Path machineDir;
    @TempDir
    static Path bin;

    @BeforeAll
    static void start() {
        allocator = TestAllocator.start(dataDir, """
                session:
                  command: [sleep, "600"]
                  software: fakesleap
                telemetry:
                  heartbeat_seconds: 1
                """);
    }

    @Test
    void aClaimedMachineIsInUseOnlyWhileTheSoftwareRunsAndTheConsoleSaysWhenItLastRan() throws Exception {
        try (RunningAgent agent = RunningAgent.onNewMachine(allocator, machineDir)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> allocator.stateOf(agent.machineName) == MachineState.READY);
            assertThat(allocator.admin("POST", "/api/v1/claims", "{\"email\":\"ada@example.org\"}").statusCode()).isIn(200, 201);
            await().atMost(Duration.ofSeconds(20)).until(() -> eventsOf(agent.machineName).stream().anyMatch(m -> m.contains("IN_USE once fakesleap runs")));
            assertThat(allocator.stateOf(agent.machineName)).isEqualTo(MachineState.ASSIGNED);
            assertThat(consolePage(agent.machineName)).contains("fakesleap not running, never seen");

            Process software = startProgramNamed("fakesleap");
            try {
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(allocator.stateOf(agent.machineName))
                        .as("%s", allocator.jdbc.sql("SELECT last_heartbeat::text FROM machines WHERE name = :n").param("n", agent.machineName).query(String.class).single())
                        .isEqualTo(MachineState.IN_USE));
            } finally {
                software.destroy();
                software.waitFor();
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> allocator.stateOf(agent.machineName) == MachineState.ASSIGNED);
            assertThat(allocator.jdbc.sql("SELECT software_seen_at IS NOT NULL FROM machines WHERE name = :n")
                    .param("n", agent.machineName).query(Boolean.class).single()).isTrue();
            assertThat(consolePage(agent.machineName)).contains("fakesleap not running, last seen");
            assertThat(eventsOf(agent.machineName)).contains("fakesleap is running", "fakesleap is no longer running");
        }
    }

    private static List<String> eventsOf(String machine) {
        return allocator.jdbc.sql("SELECT e.message FROM events e JOIN machines m ON m.id = e.machine_id WHERE m.name = :n ORDER BY e.id")
                .param("n", machine).query(String.class).list();
    }

    /** The machine's console page, as a signed-in admin sees it. */
    private static String consolePage(String machine) throws IOException, InterruptedException {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String loginPage = browser.send(HttpRequest.newBuilder(allocator.uri("/admin/login")).build(), HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(loginPage);
        assertThat(csrf.find()).isTrue();
        browser.send(HttpRequest.newBuilder(allocator.uri("/admin/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=" + TestAllocator.ADMIN_PASSWORD
                        + "&_csrf=" + java.net.URLEncoder.encode(csrf.group(1), java.nio.charset.StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.discarding());
        return browser.send(HttpRequest.newBuilder(allocator.uri("/admin/machines/" + machine)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** A program of that name: a copy of sleep, as the participant's research software would be on the machine. */
    private static Process startProgramNamed(String name) throws IOException {
        Path program = bin.resolve(name);
        Files.copy(Path.of("/bin/sleep"), program);
        program.toFile().setExecutable(true);
        return new ProcessBuilder(List.of(program.toString(), "600")).start();
    }
}
