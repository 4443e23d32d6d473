package dev.lablink.server.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lablink.core.machine.MachineState;
import dev.lablink.server.OwnAllocatorTestBase;
import dev.lablink.server.ParticipantBrowser;
import dev.lablink.server.TestAllocator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Recovery with real agent processes: killed machines are replaced, and their participants move on. */
class RecoveryTest extends OwnAllocatorTestBase {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    @TempDir
    static Path dataDir;

    @BeforeAll
    static void start() {
        allocator = TestAllocator.start(dataDir, """
                telemetry: {heartbeat_seconds: 1, missed_heartbeats: 2, boot_timeout_seconds: 60}
                recovery: {replace: true, reassign: true}
                """);
    }

    private int readyCount() {
        return allocator.jdbc.sql("SELECT count(*) FROM machines WHERE state = 'READY'").query(Integer.class).single();
    }

    @Test
    void anUnclaimedMachineWhoseAgentIsKilledIsReplaced() throws Exception {
        String machine = allocator.createReadyMachines(1).getFirst();

        allocator.killMachine(machine);

        await().atMost(Duration.ofSeconds(30)).until(() -> allocator.stateOf(machine) == MachineState.TERMINATED);
        await().atMost(Duration.ofSeconds(60)).until(() -> readyCount() == 1);
        List<String> changes = allocator.jdbc.sql("""
                SELECT e.to_state FROM events e JOIN machines m ON m.id = e.machine_id
                 WHERE m.name = :n AND e.type = 'STATE_CHANGED' ORDER BY e.id
                """).param("n", machine).query(String.class).list();
        assertThat(changes).containsSubsequence("READY", "UNREACHABLE", "TERMINATING", "TERMINATED");
        String replacement = allocator.jdbc.sql("SELECT message FROM events WHERE type = 'REPLACEMENT'").query(String.class).single();
        assertThat(replacement).endsWith(" replaces " + machine + ", which stopped answering");
    }

    @Test
    void theParticipantOfAKilledMachineMovesToAFreeOneAndTheirSeatPageFollows() throws Exception {
        List<String> names = allocator.createReadyMachines(2);
        ParticipantBrowser ada = new ParticipantBrowser(allocator);
        String seatPage = ada.claimSeat("ada@example.org");
        String first = allocator.jdbc.sql("SELECT m.name FROM claims c JOIN machines m ON m.id = c.machine_id WHERE c.email = 'ada@example.org'")
                .query(String.class).single();
        String spare = names.get(0).equals(first) ? names.get(1) : names.get(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> allocator.stateOf(first) == MachineState.IN_USE);

        allocator.killMachine(first);

        await().atMost(Duration.ofSeconds(30)).until(() -> allocator.stateOf(spare) == MachineState.IN_USE);
        String page = ada.get(seatPage).body();
        assertThat(page).contains(spare).doesNotContain(first);
        JsonNode again = JSON.readTree(allocator.admin("POST", "/api/v1/claims", "{\"email\":\"ada@example.org\"}").body());
        assertThat(again.get("machine").asString()).isEqualTo(spare);
        await().atMost(Duration.ofSeconds(30)).until(() -> allocator.stateOf(first) == MachineState.TERMINATED);
        assertThat(allocator.jdbc.sql("SELECT message FROM events WHERE type = 'FLAGGED'").query(String.class).single())
                .isEqualTo(first + " of ada@example.org stopped answering; they will be moved to a free machine");
    }
}
