package dev.lablink.server.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lablink.server.OwnAllocatorTestBase;
import dev.lablink.server.TestAllocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A lab whose session runs no image: its batches record none, and agents are told none (they run
 * session.command on the machine). An allocator of its own: its agents' parked polls must not count
 * in other tests' waiters.
 */
class UnpinnedBatchTest extends OwnAllocatorTestBase {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    @TempDir
    static Path dataDir;

    @BeforeAll
    static void start() {
        allocator = TestAllocator.start(dataDir, "");
    }

    @Test
    void withoutImageAndSessionImageMachinesRecordNoneAndTheAgentIsToldNone() throws Exception {
        JsonNode created = JSON.readTree(allocator.admin("POST", "/api/v1/vms", "{\"count\": 1}").body());
        String name = created.path("machines").path(0).path("name").asString();

        assertThat(created.path("machines").path(0).path("image").isNull()).isTrue();
        assertThat(allocator.jdbc.sql("SELECT image FROM machines WHERE name = :name").param("name", name).query(String.class).optional()).isEmpty();
        await().atMost(Duration.ofSeconds(60)).until(() -> allocator.stateOf(name).name().equals("READY"));
        String token = tokenOf(name);
        JsonNode orders = JSON.readTree(allocator.agent("POST", "/api/v1/agent/register", "{}", token).body());
        assertThat(orders.path("session").path("image").isNull()).as(orders.toString()).isTrue();
        allocator.admin("POST", "/api/v1/claims", "{\"email\":\"grace@example.org\"}");
        JsonNode assignment = JSON.readTree(allocator.agent("GET", "/api/v1/agent/assignment?wait=0", null, token).body());
        assertThat(assignment.path("email").asString()).isEqualTo("grace@example.org");
        assertThat(assignment.path("image").isNull()).isTrue();
        assertThat(assignment.path("command")).as("session.command runs on the machine itself").isNotEmpty();
    }

    private static String tokenOf(String machine) throws Exception {
        Path pidFile = allocator.dataDir.resolve("machines").resolve(machine).resolve("agent.pid");
        long pid = Long.parseLong(Files.readString(pidFile).trim().split("\\s+")[0]);
        String environment = Files.readString(Path.of("/proc", String.valueOf(pid), "environ"));
        return java.util.Arrays.stream(environment.split("\0"))
                .filter(entry -> entry.startsWith("LABLINK_AGENT_TOKEN="))
                .map(entry -> entry.substring("LABLINK_AGENT_TOKEN=".length()))
                .findFirst().orElseThrow();
    }
}
