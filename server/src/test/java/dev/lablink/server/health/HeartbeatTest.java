package dev.lablink.server.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lablink.core.machine.MachineState;
import dev.lablink.server.OwnAllocatorTestBase;
import dev.lablink.server.TestAllocator;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Heartbeats on an allocator of its own with a 1 s interval, 2 missed = UNREACHABLE, and recovery
 * off, so that what the watchdog does alone can be seen: mark, flag, fail slow boots, take back.
 */
class HeartbeatTest extends OwnAllocatorTestBase {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    @TempDir
    static Path dataDir;

    @BeforeAll
    static void start() {
        allocator = TestAllocator.start(dataDir, """
                telemetry: {heartbeat_seconds: 1, missed_heartbeats: 2, boot_timeout_seconds: 10}
                recovery: {replace: false, reassign: false}
                """);
    }

    private String nameOf(String token) {
        return JSON.readTree(allocator.agent("POST", "/api/v1/agent/register", "{}", token).body()).get("name").asString();
    }

    private HttpResponse<String> beat(String token, String body) {
        return allocator.agent("POST", "/api/v1/agent/heartbeat", body, token);
    }

    private List<String> events(String type) {
        return allocator.jdbc.sql("SELECT message FROM events WHERE type = :type ORDER BY id").param("type", type).query(String.class).list();
    }

    @Test
    void aRealAgentSendsHeartbeatsWithItsMachinesFacts() {
        String machine = allocator.createReadyMachines(1).getFirst();

        await().atMost(Duration.ofSeconds(10)).until(() -> allocator.jdbc.sql("SELECT last_heartbeat IS NOT NULL FROM machines WHERE name = :n")
                .param("n", machine).query(Boolean.class).single());

        JsonNode heartbeat = JSON.readTree(allocator.jdbc.sql("SELECT last_heartbeat::text FROM machines WHERE name = :n")
                .param("n", machine).query(String.class).single());
        assertThat(heartbeat.get("boot_id").asString()).isNotBlank();
        assertThat(heartbeat.get("disk_free_bytes").asLong()).isPositive();
        JsonNode view = JSON.readTree(allocator.admin("GET", "/api/v1/vms/" + machine, null).body());
        assertThat(view.get("boot_timings").get("agent_seconds").asDouble()).isPositive();
        // Still READY well past two intervals: the heartbeats keep it so.
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(allocator.stateOf(machine)).isEqualTo(MachineState.READY);
    }

    @Test
    void aSilentMachineBecomesUnreachableAndReturnsToItsStateWhenHeardAgain() {
        String token = allocator.insertReadyMachines(1).getFirst();
        String machine = nameOf(token);
        HttpResponse<String> first = beat(token, "{\"boot_id\":\"boot-1\",\"disk_free_bytes\":1000,\"load_1m\":0.5}");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(JSON.readTree(first.body()).get("heartbeat_seconds").asInt()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(10)).until(() -> allocator.stateOf(machine) == MachineState.UNREACHABLE);
        JsonNode view = JSON.readTree(allocator.admin("GET", "/api/v1/vms/" + machine, null).body());
        assertThat(view.get("state_reason").asString()).isEqualTo("no heartbeat for more than 2 s (2 missed)");
        assertThat(JSON.readTree(allocator.anonymous("GET", "/api/v1/seats", null).body()).get("free").asInt()).isZero();

        beat(token, "{\"boot_id\":\"boot-2\"}");

        assertThat(allocator.stateOf(machine)).isEqualTo(MachineState.READY);
        assertThat(events("REBOOTED")).containsExactly("the machine rebooted (boot id boot-1 → boot-2)");
    }

    @Test
    void aClaimedMachineThatGoesQuietIsFlaggedAndKeepsItsClaim() {
        String token = allocator.insertReadyMachines(1).getFirst();
        String machine = nameOf(token);
        allocator.admin("POST", "/api/v1/claims", "{\"email\":\"ada@example.org\"}");

        await().atMost(Duration.ofSeconds(10)).until(() -> allocator.stateOf(machine) == MachineState.UNREACHABLE);

        // the watchdog moves the machine first and recovery flags it just after, in its own step
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(events("FLAGGED"))
                .containsExactly(machine + " of ada@example.org stopped answering; recovery.reassign is off, so they stay on it"));
        JsonNode view = JSON.readTree(allocator.admin("GET", "/api/v1/vms/" + machine, null).body());
        assertThat(view.get("claimed_by").asString()).isEqualTo("ada@example.org");
        JsonNode again = JSON.readTree(allocator.admin("POST", "/api/v1/claims", "{\"email\":\"ada@example.org\"}").body());
        assertThat(again.get("machine").asString()).isEqualTo(machine);

        beat(token, "{}");

        assertThat(allocator.stateOf(machine)).isEqualTo(MachineState.ASSIGNED);
    }

    @Test
    void aMachineWhoseAgentNeverRegistersFailsAfterTheBootTimeout() {
        allocator.machine().named("slow-boot").state(MachineState.BOOTING).changedAgo(Duration.ofSeconds(11)).insert();

        await().atMost(Duration.ofSeconds(10)).until(() -> allocator.stateOf("slow-boot") == MachineState.FAILED);

        JsonNode view = JSON.readTree(allocator.admin("GET", "/api/v1/vms/slow-boot", null).body());
        assertThat(view.get("state_reason").asString()).isEqualTo("its agent did not register within 10 s (telemetry.boot_timeout_seconds)");
    }

    @Test
    void aMalformedHeartbeatIsRefusedNamingTheField() {
        String token = allocator.insertReadyMachines(1).getFirst();

        HttpResponse<String> negative = beat(token, "{\"disk_free_bytes\": -5}");
        HttpResponse<String> wrongType = beat(token, "{\"load_1m\": \"high\"}");

        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(negative.body()).get("field").asString()).isEqualTo("disk_free_bytes");
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(wrongType.body()).get("field").asString()).isEqualTo("load_1m");
    }
}
