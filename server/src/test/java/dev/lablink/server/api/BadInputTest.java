package dev.lablink.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.server.RawHttp;
import dev.lablink.server.TestAllocator;
import java.net.http.HttpResponse;
import java.util.List;
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
        assertThat(response.statusCode()).as(response.body().length() > 500 ? response.body().substring(0, 500) : response.body()).isEqualTo(status);
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
        JsonNode body = problem(allocator.admin("POST", "/api/v1/claims", "{\"email\": \"not-an-email\"}"), 400);
        assertThat(body.get("field").asString()).isEqualTo("email");
        assertThat(problem(allocator.admin("POST", "/api/v1/claims", "{}"), 400).get("detail").asString()).contains("email is required");
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

    private JsonNode rawProblem(String method, String target, String authorization, String json) {
        RawHttp.Response response = RawHttp.send(allocator.port, method, target, authorization, json);
        assertThat(response.status()).as(target + " " + response.body()).isEqualTo(400);
        assertThat(response.contentType()).as(target).startsWith("application/problem+json");
        return JSON.readTree(response.body());
    }

    @Test
    void queryParametersThatAreNotUtf8OrHoldControlCharactersAreRefusedByName() {
        String admin = TestAllocator.basic("admin", TestAllocator.ADMIN_PASSWORD);
        String agent = "Bearer " + allocator.insertReadyMachines(1).getFirst();
        List<String[]> cases = List.of(
                new String[] {"GET", "/api/v1/vms?state=", "state", admin}, new String[] {"DELETE", "/api/v1/vms?all=", "all", admin},
                new String[] {"GET", "/api/v1/vms/x/logs?q=", "q", admin}, new String[] {"GET", "/api/v1/vms/x/logs?stream=", "stream", admin},
                new String[] {"GET", "/api/v1/vms/x/logs?limit=", "limit", admin}, new String[] {"GET", "/api/v1/vms/x/logs.txt?q=", "q", admin},
                new String[] {"GET", "/api/v1/events?before=", "before", admin}, new String[] {"GET", "/api/v1/events?limit=", "limit", admin},
                new String[] {"GET", "/api/v1/capacity/plan?tier=", "tier", admin},
                new String[] {"GET", "/api/v1/agent/assignment?wait=", "wait", agent}, new String[] {"GET", "/api/v1/agent/assignment?current=", "current", agent});
        for (String[] c : cases) {
            for (String bad : List.of("%ff", "%00", "%zz", "%", "a%0Ab")) {
                JsonNode body = rawProblem(c[0], c[1] + bad, c[3], null);
                assertThat(body.get("field").asString()).as(c[1] + bad).isEqualTo(c[2]);
                assertThat(body.get("detail").asString()).as(c[1] + bad).contains("parameter '" + c[2] + "'");
            }
        }
    }

    @Test
    void anUnknownProviderIsABadRequestThatListsTheConfiguredOnes() {
        JsonNode body = problem(allocator.admin("GET", "/api/v1/capacity?provider=abc", null), 400);
        assertThat(body.get("field").asString()).isEqualTo("provider");
        assertThat(body.get("detail").asString()).contains("'abc'").contains("local");
        JsonNode create = problem(allocator.admin("POST", "/api/v1/vms", "{\"count\": 1, \"provider\": \"abc\"}"), 400);
        assertThat(create.get("field").asString()).isEqualTo("provider");
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM machines").query(Integer.class).single()).isZero();
    }

    @Test
    void nulInAnyJsonStringIsRefusedByField() {
        String token = allocator.insertReadyMachines(1).getFirst();
        assertThat(problem(allocator.agent("POST", "/api/v1/agent/register", "{\"agent_version\":\"1\\u00002\"}", token), 400)
                .get("field").asString()).isEqualTo("agent_version");
        assertThat(problem(allocator.agent("POST", "/api/v1/agent/heartbeat", "{\"boot_id\":\"b\\u0000\"}", token), 400)
                .get("field").asString()).isEqualTo("boot_id");
        assertThat(problem(allocator.admin("POST", "/api/v1/claims", "{\"email\":\"a\\u0000@example.org\"}"), 400)
                .get("detail").asString()).isEqualTo("field 'email' must not contain NUL (\\u0000)");
    }

    @Test
    void logBatchErrorsSayWhatIsWrongWithoutJavaNames() {
        String token = allocator.insertReadyMachines(1).getFirst();
        for (String bad : List.of("null", "[1]", "3", "\"lines\"", "true", "{\"lines\":3}", "{\"lines\":{}}", "{\"lines\":[1]}",
                "{\"lines\":[{\"stream\":\"out\",\"seq\":\"one\",\"text\":\"x\"}]}",
                "{\"lines\":[{\"stream\":\"out\",\"seq\":1,\"at\":\"noon\",\"text\":\"x\"}]}")) {
            JsonNode body = problem(allocator.agent("POST", "/api/v1/agent/logs", bad, token), 400);
            assertThat(body.get("detail").asString()).as(bad).doesNotContainPattern("dev\\.lablink|java\\.|\\$|Cannot deserialize");
            assertThat(body.get("field").asString()).as(bad).startsWith("lines");
        }
        assertThat(problem(allocator.agent("POST", "/api/v1/agent/logs",
                "{\"lines\":[{\"stream\":\"out\",\"seq\":1,\"at\":\"noon\",\"text\":\"x\"}]}", token), 400)
                .get("detail").asString()).isEqualTo("field 'lines[0].at' must be a time like 2026-11-23T10:15:30Z");
    }

    @Test
    void errorsQuoteAShortPrefixOfWhatWasSent() {
        String token = allocator.insertReadyMachines(1).getFirst();
        String huge = "x".repeat(500_000);
        for (HttpResponse<String> response : List.of(
                allocator.admin("POST", "/api/v1/claims", "{\"email\":\"" + huge + "\"}"),
                allocator.agent("POST", "/api/v1/agent/state", "{\"state\":\"" + huge + "\"}", token),
                allocator.agent("POST", "/api/v1/agent/gpu", "{\"status\":\"" + huge + "\"}", token))) {
            JsonNode body = problem(response, 400);
            assertThat(response.body().length()).isLessThan(600);
            assertThat(body.get("detail").asString()).contains("x".repeat(60) + "…' (500000 characters)");
        }
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413() {
        JsonNode body = problem(allocator.admin("POST", "/api/v1/claims", "{\"email\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}"), 413);
        assertThat(body.get("detail").asString()).contains("at most 1 MB");
    }

    @Test
    void aBodyWithoutALengthIsCutOffPastTheLimit() throws Exception {
        byte[] big = ("{\"email\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // a stream publisher of unknown length makes the client send the body chunked
        var request = java.net.http.HttpRequest.newBuilder(allocator.uri("/api/v1/claims")).header("Content-Type", "application/json")
                .header("Authorization", TestAllocator.basic("admin", TestAllocator.ADMIN_PASSWORD))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build();
        HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body = problem(response, 413);
        assertThat(body.get("detail").asString()).contains("over 1 MB");
    }
}
