package dev.lablink.server.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lablink.server.TestAllocator;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The whole path with real agent processes: create → READY → claim → IN_USE → destroy, nothing left running. */
class EndToEndLocalTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final TestAllocator allocator = TestAllocator.shared();

    @BeforeEach
    void clean() {
        allocator.reset();
    }

    @AfterEach
    void destroyEverything() {
        allocator.reset();
    }

    private JsonNode machine(String name) {
        return JSON.readTree(allocator.admin("GET", "/api/v1/vms/" + name, null).body());
    }

    private long agentPid(String name) throws Exception {
        String pidFile = Files.readString(allocator.dataDir.resolve("machines").resolve(name).resolve("agent.pid"));
        return Long.parseLong(pidFile.trim().split("\\s+")[0]);
    }

    @Test
    void createClaimUseAndDestroyLeavesNoProcess() throws Exception {
        HttpResponse<String> created = allocator.admin("POST", "/api/v1/vms", "{\"count\": 2}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        List<String> names = new ArrayList<>();
        JSON.readTree(created.body()).get("machines").forEach(m -> names.add(m.get("name").asString()));
        assertThat(names).hasSize(2);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                names.forEach(name -> assertThat(machine(name).get("state").asString()).isEqualTo("READY")));

        HttpResponse<String> claim = allocator.admin("POST", "/api/v1/claims", "{\"email\":\"grace@example.org\"}");
        assertThat(claim.statusCode()).isEqualTo(201);
        String claimed = JSON.readTree(claim.body()).get("machine").asString();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(machine(claimed).get("state").asString()).isEqualTo("IN_USE"));
        JsonNode inUse = machine(claimed);
        assertThat(inUse.get("claimed_by").asString()).isEqualTo("grace@example.org");
        assertThat(inUse.get("state_times").has("READY")).isTrue();
        assertThat(inUse.get("state_times").has("IN_USE")).isTrue();

        // The session program runs under the agent.
        ProcessHandle agent = ProcessHandle.of(agentPid(claimed)).orElseThrow();
        String liveToken = tokenOf(agent);
        assertThat(liveToken).hasSizeGreaterThan(40);
        await().atMost(Duration.ofSeconds(5)).until(() -> agent.descendants().findAny().isPresent());
        List<ProcessHandle> everything = new ArrayList<>(agent.descendants().toList());
        everything.add(agent);
        for (String name : names) {
            everything.add(ProcessHandle.of(agentPid(name)).orElseThrow());
        }

        HttpResponse<String> destroyed = allocator.admin("DELETE", "/api/v1/vms?all=true", null);
        assertThat(destroyed.statusCode()).isEqualTo(200);

        names.forEach(name -> assertThat(machine(name).get("state").asString()).isEqualTo("TERMINATED"));
        assertThat(everything).noneMatch(ProcessHandle::isAlive);
        String events = allocator.admin("GET", "/api/v1/events?limit=100", null).body();
        assertThat(events).contains("\"to_state\":\"IN_USE\"").contains("\"to_state\":\"TERMINATED\"").contains("claimed by grace@example.org");
        assertThat(Files.readString(allocator.dataDir.resolve("machines").resolve(claimed).resolve("agent.log")))
                .contains("registered").doesNotContain(liveToken);
    }

    /** The machine token as the agent process received it (the database keeps only its hash). */
    private static String tokenOf(ProcessHandle agent) throws Exception {
        String environment = Files.readString(Path.of("/proc", String.valueOf(agent.pid()), "environ"));
        return java.util.Arrays.stream(environment.split("\0"))
                .filter(entry -> entry.startsWith("LABLINK_AGENT_TOKEN="))
                .map(entry -> entry.substring("LABLINK_AGENT_TOKEN=".length()))
                .findFirst().orElseThrow();
    }

    @Test
    void listFiltersByState() {
        allocator.insertReadyMachines(2);
        JsonNode ready = JSON.readTree(allocator.admin("GET", "/api/v1/vms?state=ready", null).body());
        JsonNode inUse = JSON.readTree(allocator.admin("GET", "/api/v1/vms?state=IN_USE", null).body());
        assertThat(ready.get("machines")).hasSize(2);
        assertThat(inUse.get("machines")).isEmpty();
    }

    @Test
    void machineDirectoriesLiveUnderTheDataDir() {
        assertThat(Path.of(allocator.dataDir.toString(), "postgres", "PG_VERSION")).exists();
    }
}
