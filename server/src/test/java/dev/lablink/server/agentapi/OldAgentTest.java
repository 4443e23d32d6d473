package dev.lablink.server.agentapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.core.machine.MachineState;
import dev.lablink.server.TestAllocator;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An agent from before protocol versioning (machines booted by an older allocator, still running
 * after an upgrade) sends no protocol_version: it still registers, gets its assignment and reports
 * IN_USE, with the requests and answers it always had.
 */
class OldAgentTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final TestAllocator allocator = TestAllocator.shared();

    @BeforeEach
    void clean() {
        allocator.reset();
    }

    @Test
    void anAgentWithoutAProtocolVersionRegistersGetsItsAssignmentAndReportsInUse() {
        String token = allocator.machine().named("lablink-vm-old").state(MachineState.BOOTING).insert();

        HttpResponse<String> registered = allocator.agent("POST", "/api/v1/agent/register",
                "{\"hostname\":\"lablink-vm-old\",\"agent_version\":\"0.0.9\",\"pid\":4242}", token);
        assertThat(registered.statusCode()).isEqualTo(200);
        assertThat(allocator.stateOf("lablink-vm-old")).isEqualTo(MachineState.READY);
        assertThat(allocator.jdbc.sql("SELECT agent_version FROM machines WHERE name = 'lablink-vm-old'").query(String.class).single())
                .isEqualTo("0.0.9");
        assertThat(allocator.jdbc.sql("SELECT state_reason FROM machines WHERE name = 'lablink-vm-old'").query(String.class).single())
                .contains("protocol 1");

        allocator.admin("POST", "/api/v1/claims", "{\"email\":\"ada@example.org\"}");
        HttpResponse<String> assignment = allocator.agent("GET", "/api/v1/agent/assignment?wait=5", null, token);
        assertThat(assignment.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(assignment.body());
        assertThat(body.get("email").asString()).isEqualTo("ada@example.org");

        HttpResponse<String> inUse = allocator.agent("POST", "/api/v1/agent/state",
                "{\"state\":\"IN_USE\",\"claim_id\":" + body.get("claim_id").asLong() + "}", token);
        assertThat(inUse.statusCode()).isEqualTo(200);
        assertThat(allocator.stateOf("lablink-vm-old")).isEqualTo(MachineState.IN_USE);
    }

    @Test
    void anAgentOfProtocol2RegistersAsBefore() {
        String token = allocator.machine().named("lablink-vm-new").state(MachineState.BOOTING).insert();

        HttpResponse<String> registered = allocator.agent("POST", "/api/v1/agent/register",
                "{\"hostname\":\"lablink-vm-new\",\"agent_version\":\"0.1.0\",\"protocol_version\":2,\"pid\":4242}", token);

        assertThat(registered.statusCode()).isEqualTo(200);
        assertThat(allocator.stateOf("lablink-vm-new")).isEqualTo(MachineState.READY);
        assertThat(allocator.jdbc.sql("SELECT state_reason FROM machines WHERE name = 'lablink-vm-new'").query(String.class).single())
                .isEqualTo("agent registered");
    }
}
