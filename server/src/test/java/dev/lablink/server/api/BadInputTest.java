package dev.lablink.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.server.TestAllocator;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every kind of bad input gets a 4xx problem+json that names the field; never a 500. */
class BadInputTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final TestAllocator allocator = TestAllocator.shared();

    @BeforeEach
    void clean() {
        allocator.reset();
    }

    private static JsonNode problem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at dev.lablink");
        return JSON.readTree(response.body());
    }

    @Test
    void malformedJson() {
        JsonNode body = problem(allocator.admin("POST", "/api/v1/vms", "{\"count\": 3"), 400);
        assertThat(body.get("detail").asString()).contains("not valid JSON");
    }

    @Test
    void missingBody() {
        JsonNode body = problem(allocator.admin("POST", "/api/v1/vms", null), 400);
        assertThat(body.get("detail").asString()).contains("JSON body is required");
    }

    @Test
    void unknownFieldIsNamedWithTheKnownOnes() {
        JsonNode body = problem(allocator.admin("POST", "/api/v1/vms", "{\"count\": 1, \"colour\": \"red\"}"), 400);
        assertThat(body.get("field").asString()).isEqualTo("colour");
        assertThat(body.get("detail").asString()).contains("unknown field 'colour'").contains("count");
    }

    @Test
    void wrongTypeIsNamed() {
        JsonNode body = problem(allocator.admin("POST", "/api/v1/vms", "{\"count\": \"three\"}"), 400);
        assertThat(body.get("field").asString()).isEqualTo("count");
        assertThat(body.get("detail").asString()).contains("whole number");
    }

    @Test
    void countOutOfRange() {
        assertThat(problem(allocator.admin("POST", "/api/v1/vms", "{\"count\": 0}"), 400).get("field").asString()).isEqualTo("count");
        JsonNode tooMany = problem(allocator.admin("POST", "/api/v1/vms", "{\"count\": 101}"), 400);
        assertThat(tooMany.get("detail").asString()).contains("1 to 100").contains("machine.max_count");
        assertThat(problem(allocator.admin("POST", "/api/v1/vms", "{}"), 400).get("detail").asString()).contains("count is required");
    }

    @Test
    void badEmail() {
        JsonNode body = problem(allocator.anonymous("POST", "/api/v1/claims", "{\"email\": \"not-an-email\"}"), 400);
        assertThat(body.get("field").asString()).isEqualTo("email");
        assertThat(problem(allocator.anonymous("POST", "/api/v1/claims", "{}"), 400).get("detail").asString()).contains("email is required");
    }

    @Test
    void unknownMachine() {
        JsonNode body = problem(allocator.admin("GET", "/api/v1/vms/no-such-vm", null), 404);
        assertThat(body.get("detail").asString()).contains("no-such-vm");
        problem(allocator.admin("DELETE", "/api/v1/vms/no-such-vm", null), 404);
    }

    @Test
    void unknownStateFilter() {
        JsonNode body = problem(allocator.admin("GET", "/api/v1/vms?state=SLEEPING", null), 400);
        assertThat(body.get("detail").asString()).contains("SLEEPING").contains("READY");
    }

    @Test
    void destroyAllNeedsExplicitConsent() {
        problem(allocator.admin("DELETE", "/api/v1/vms", null), 400);
    }

    @Test
    void adminCallsNeedTheRightPassword() {
        JsonNode none = problem(allocator.anonymous("GET", "/api/v1/vms", null), 401);
        assertThat(none.get("detail").asString()).isEqualTo("admin credentials are required");
        problem(allocator.send("GET", "/api/v1/vms", null, TestAllocator.basic("admin", "wrong")), 401);
        problem(allocator.send("GET", "/api/v1/vms", null, TestAllocator.basic("root", TestAllocator.ADMIN_PASSWORD)), 401);
    }

    @Test
    void agentCallsNeedAValidMachineToken() {
        JsonNode body = problem(allocator.agent("POST", "/api/v1/agent/register", "{}", "made-up-token"), 401);
        assertThat(body.get("detail").asString()).isEqualTo("a valid machine token is required");
        problem(allocator.anonymous("GET", "/api/v1/agent/assignment?wait=0", null), 401);
        // an admin password is not a machine token
        problem(allocator.admin("GET", "/api/v1/agent/assignment?wait=0", null), 401);
    }

    @Test
    void agentReportsAreChecked() {
        String token = allocator.insertReadyMachines(1).getFirst();
        assertThat(problem(allocator.agent("POST", "/api/v1/agent/state", "{\"state\":\"READY\"}", token), 400)
                .get("field").asString()).isEqualTo("state");
        assertThat(problem(allocator.agent("POST", "/api/v1/agent/state", "{\"state\":\"IN_USE\",\"claim_id\":999}", token), 400)
                .get("field").asString()).isEqualTo("claim_id");
        problem(allocator.agent("GET", "/api/v1/agent/assignment?wait=9999", null, token), 400);
        problem(allocator.agent("GET", "/api/v1/agent/assignment?wait=soon", null, token), 400);
    }

    @Test
    void openApiDocumentIsServed() {
        HttpResponse<String> response = allocator.anonymous("GET", "/api/v1/openapi.json", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("/api/v1/claims").contains("/api/v1/vms");
        assertThat(allocator.anonymous("GET", "/api/v1/swagger-ui/index.html", null).statusCode()).isEqualTo(200);
    }
}
