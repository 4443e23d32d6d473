package dev.lablink.server.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lablink.agent.Agent;
import dev.lablink.agent.AgentSettings;
import dev.lablink.core.machine.MachineState;
import dev.lablink.server.OwnAllocatorTestBase;
import dev.lablink.server.ParticipantBrowser;
import dev.lablink.server.TestAllocator;
import dev.lablink.server.agentapi.AssignmentWaiters;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A deployment with connect.method crd: the pasted command is checked, sealed, and answered with a PIN of the claim's own. */
class CrdClaimTest extends OwnAllocatorTestBase {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String GOOGLE = "DISPLAY= /opt/google/chrome-remote-desktop/start-host --code=\\\"4/0AeanS0a_B1c-Dx9\\\" "
            + "--redirect-url=\\\"https://remotedesktop.google.com/_/oauthredirect\\\" --name=$(hostname)";
    @TempDir
    static Path dataDir;

    @BeforeAll
    static void start() {
        allocator = TestAllocator.start(dataDir, "connect: {method: crd}");
    }

    private HttpResponse<String> claim(String email, String crdCommandJson) {
        return allocator.admin("POST", "/api/v1/claims", "{\"email\":\"" + email + "\"" + (crdCommandJson == null ? "" : ",\"crd_command\":" + crdCommandJson) + "}");
    }

    /** The request page's claim in {@code browser}; its seat page and machine, as the API would name them. */
    private JsonNode claimInBrowser(ParticipantBrowser browser, String email, String crdCommand) {
        HttpResponse<String> claimed = browser.post("/claim", Map.of("email", email, "crd_command", crdCommand));
        assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(302);
        String page = java.net.URI.create(claimed.headers().firstValue("Location").orElseThrow()).getPath();
        String machine = allocator.jdbc.sql("SELECT m.name FROM claims c JOIN machines m ON m.id = c.machine_id WHERE c.email = :email AND c.released_at IS NULL")
                .param("email", email).query(String.class).single();
        return JSON.readTree(JSON.writeValueAsString(Map.of("page", page, "machine", machine)));
    }

    @Test
    void aClaimKeepsOnlyTheSealedCodeAndAFreshPinThatTheMachineAndTheSeatPageGet() {
        List<String> tokens = allocator.insertReadyMachines(2);
        ParticipantBrowser adaBrowser = new ParticipantBrowser(allocator);
        JsonNode first = claimInBrowser(adaBrowser, "ada@example.org", GOOGLE.replace("\\\"", "\""));
        JsonNode second = JSON.readTree(claim("bob@example.org", "\"start-host --code=4/other\"").body());

        Map<String, Object> stored = allocator.jdbc.sql("SELECT crd_code_sealed, pin_sealed FROM claims WHERE email = 'ada@example.org'")
                .query().singleRow();
        assertThat(stored.values()).allSatisfy(value -> assertThat((String) value).doesNotContain("4/0AeanS0a").hasSizeGreaterThan(20));

        JsonNode assignment = JSON.readTree(allocator.agent("GET", "/api/v1/agent/assignment?wait=0", null, tokens.get(0)).body());
        JsonNode other = JSON.readTree(allocator.agent("GET", "/api/v1/agent/assignment?wait=0", null, tokens.get(1)).body());
        JsonNode ada = assignment.get("email").asString().equals("ada@example.org") ? assignment : other;
        JsonNode bob = ada == assignment ? other : assignment;
        assertThat(ada.get("crd").get("code").asString()).isEqualTo("4/0AeanS0a_B1c-Dx9");
        String pin = ada.get("crd").get("pin").asString();
        assertThat(pin).matches("\\d{6}").isNotEqualTo(bob.get("crd").get("pin").asString());

        String page = adaBrowser.get(first.get("page").asString()).body();
        assertThat(page).contains("PIN: <strong class=\"pin\">" + pin + "</strong>").contains("remotedesktop.google.com/access");
        assertThat(second.get("machine").asString()).isNotEqualTo(first.get("machine").asString());
    }

    /** Like LabLink: the same participant pasting a new command (their old code is spent) gets the same seat and PIN, and the machine gets the new code. */
    @Test
    void aResubmittedCodeReplacesTheOldOneKeepsThePinAndWakesTheMachinesPoll() throws Exception {
        String token = allocator.insertReadyMachines(1).getFirst();
        ParticipantBrowser adaBrowser = new ParticipantBrowser(allocator);
        JsonNode first = claimInBrowser(adaBrowser, "ada@example.org", "--code=4/first");
        JsonNode before = JSON.readTree(allocator.agent("GET", "/api/v1/agent/assignment?wait=0", null, token).body());
        String pin = before.get("crd").get("pin").asString();
        long claimId = before.get("claim_id").asLong();
        AssignmentWaiters waiters = allocator.context.getBean(AssignmentWaiters.class);
        CompletableFuture<HttpResponse<String>> polling = CompletableFuture.supplyAsync(() -> allocator.agent("GET",
                "/api/v1/agent/assignment?wait=60&current=" + claimId + "&revision=" + before.get("revision").asString(), null, token));
        await().atMost(Duration.ofSeconds(5)).until(() -> waiters.waitingCount() == 1);

        HttpResponse<String> again = claim("ada@example.org", "\"start-host --code=\\\"4/second\\\" --name=$(hostname)\"");

        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("machine").asString()).isEqualTo(first.get("machine").asString());
        assertThat(JSON.readTree(again.body()).get("page").asString()).isEqualTo(first.get("page").asString());
        JsonNode woken = JSON.readTree(polling.get(5, TimeUnit.SECONDS).body());
        assertThat(woken.get("claim_id").asLong()).isEqualTo(claimId);
        assertThat(woken.get("crd").get("code").asString()).isEqualTo("4/second");
        assertThat(woken.get("crd").get("pin").asString()).isEqualTo(pin);
        assertThat(adaBrowser.get(first.get("page").asString()).body()).contains("PIN: <strong class=\"pin\">" + pin + "</strong>");
        assertThat(allocator.anonymous("GET", first.get("page").asString(), null).body()).as("another browser").doesNotContain(pin);

        HttpResponse<String> bad = claim("ada@example.org", "\"--code=$(id)\"");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("field").asString()).isEqualTo("crd_command");
        JsonNode after = JSON.readTree(allocator.agent("GET", "/api/v1/agent/assignment?wait=0", null, token).body());
        assertThat(after.get("crd").get("code").asString()).isEqualTo("4/second");
        assertThat(allocator.jdbc.sql("SELECT message FROM events WHERE type = 'CRD_CODE'").query(String.class).single())
                .isEqualTo("ada@example.org submitted a new Chrome Remote Desktop code; the PIN stays");
    }

    /** Our own agent, in this JVM, with a start-host that records how it was called: it registers again with the new code, same PIN. */
    @Test
    void ourAgentRegistersAgainWithAResubmittedCodeAndKeepsItsSession(@TempDir Path machineDir) throws Exception {
        String token = allocator.insertReadyMachines(1).getFirst();
        String name = allocator.jdbc.sql("SELECT name FROM machines").query(String.class).single();
        Path startHost = machineDir.resolve("start-host");
        Path calls = machineDir.resolve("start-host.calls");
        Files.writeString(startHost, "#!/bin/sh\necho \"$@\" >> \"$0.calls\"\ncat >> \"$0.calls\"\n");
        assertThat(startHost.toFile().setExecutable(true)).isTrue();
        Agent agent = new Agent(new AgentSettings(allocator.uri("/"), token, name, machineDir, Duration.ofSeconds(2),
                machineDir.resolve("no-nvidia-smi").toString(), startHost.toString()));
        Thread running = Thread.ofVirtual().start(agent::runUntilStopped);
        try {
            claim("ada@example.org", "\"--code=4/first\"");
            await().atMost(Duration.ofSeconds(20)).until(() -> allocator.stateOf(name) == MachineState.IN_USE);
            String pin = JSON.readTree(allocator.agent("GET", "/api/v1/agent/assignment?wait=0", null, token).body()).get("crd").get("pin").asString();

            claim("ada@example.org", "\"--code=4/second\"");

            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(calls) && Files.readString(calls).contains("--code=4/second"));
            assertThat(Files.readAllLines(calls)).containsExactly(
                    "--code=4/first --redirect-url=https://remotedesktop.google.com/_/oauthredirect --name=" + name, pin, pin,
                    "--code=4/second --redirect-url=https://remotedesktop.google.com/_/oauthredirect --name=" + name, pin, pin);
            assertThat(allocator.stateOf(name)).isEqualTo(MachineState.IN_USE);
        } finally {
            agent.stop();
            running.join(Duration.ofSeconds(10));
        }
    }

    @Test
    void aMissingOrDangerousCommandIsA400NamingTheFieldAndClaimsNothing() {
        allocator.insertReadyMachines(1);
        Map<String, String> refusals = Map.of(
                "null", "is required",
                "\"start-host --name=x\"", "has no --code",
                "\"--code=abc; rm -rf /\"", "but it has ';'",
                "\"--code=$(id)\"", "but it has '$'",
                "\"--code=`id`\"", "but it has '`'",
                "\"--code=abc\\nrm -rf /\"", "must be one line",
                "\"--code=a --code=b\"", "has 2 --code values");
        refusals.forEach((command, message) -> {
            HttpResponse<String> response = claim("ada@example.org", command);
            assertThat(response.statusCode()).as(command).isEqualTo(400);
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.get("field").asString()).isEqualTo("crd_command");
            assertThat(problem.get("detail").asString()).as(command).contains(message);
        });
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM claims").query(Integer.class).single()).isZero();
    }
}
