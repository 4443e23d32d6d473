package dev.lablink.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.core.config.CompatSettings;
import dev.lablink.core.config.ConnectSettings;
import dev.lablink.server.TestAllocator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The machine-facing routes of LabLink's client protocol, driven with the bodies its client
 * images send (shared/reference/lablink-client-protocol.md), and the answers that document gives.
 */
class CompatMachineRoutesTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TOKEN = "compat-token-for-tests-0123456789";
    private static final String CRD = "\"DISPLAY= /opt/google/chrome-remote-desktop/start-host --code=\\\"4/0AeanS0a_B1c-Dx9\\\" "
            + "--redirect-url=\\\"https://remotedesktop.google.com/_/oauthredirect\\\" --name=$(hostname)\"";
    @TempDir
    static Path dataDir;
    private static TestAllocator allocator;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        allocator = TestAllocator.start(dataDir, new ConnectSettings(ConnectSettings.CRD, null, null), new CompatSettings(true, TOKEN));
    }

    @AfterAll
    static void stop() {
        allocator.stop();
    }

    @AfterEach
    void clean() {
        allocator.reset();
    }

    private HttpResponse<String> client(String method, String path, String json) {
        return allocator.send(method, path, json, "Bearer " + TOKEN);
    }

    private static JsonNode body(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private void announce(String hostname, String status) {
        HttpResponse<String> response = client("POST", "/api/vm-status", "{\"hostname\":\"" + hostname + "\",\"status\":\"" + status + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(body(response).get("message").asString()).isEqualTo("VM status updated successfully.");
    }

    @Test
    void aClientAnnouncesItselfAndItsStatusesMapOntoOurStates() {
        announce("lab-vm-1", "initializing");
        assertThat(body(client("GET", "/api/vm-status/lab-vm-1", null)).get("status").asString()).isEqualTo("initializing");
        assertThat(allocator.jdbc.sql("SELECT state FROM machines WHERE name = 'lab-vm-1'").query(String.class).single()).isEqualTo("BOOTING");

        announce("lab-vm-1", "running");
        announce("lab-vm-2", "initializing");

        assertThat(allocator.jdbc.sql("SELECT state FROM machines WHERE name = 'lab-vm-1'").query(String.class).single()).isEqualTo("READY");
        JsonNode all = body(client("GET", "/api/vm-status", null));
        assertThat(all.get("lab-vm-1").asString()).isEqualTo("running");
        assertThat(all.get("lab-vm-2").asString()).isEqualTo("initializing");
        assertThat(body(allocator.anonymous("GET", "/api/unassigned_vms_count", null)).get("count").asInt()).isEqualTo(1);

        announce("lab-vm-1", "error");
        assertThat(body(client("GET", "/api/vm-status/lab-vm-1", null)).get("status").asString()).isEqualTo("error");
    }

    @Test
    void badBodiesUnknownHostsAndWrongTokensGetTheReferenceAnswers() {
        HttpResponse<String> noStatus = client("POST", "/api/vm-status", "{\"hostname\":\"lab-vm-1\"}");
        assertThat(noStatus.statusCode()).isEqualTo(400);
        assertThat(body(noStatus).get("error").asString()).isEqualTo("Hostname and status are required.");
        HttpResponse<String> badStatus = client("POST", "/api/vm-status", "{\"hostname\":\"lab-vm-1\",\"status\":\"on fire\"}");
        assertThat(body(badStatus).get("error").asString()).startsWith("Unknown status 'on fire'");
        HttpResponse<String> badName = client("POST", "/api/vm-status", "{\"hostname\":\"$(id)\",\"status\":\"running\"}");
        assertThat(badName.statusCode()).isEqualTo(400);

        assertThat(client("GET", "/api/vm-status/nobody", null).statusCode()).isEqualTo(404);
        assertThat(body(client("GET", "/api/vm-status/nobody", null)).get("error").asString()).isEqualTo("VM not found.");
        HttpResponse<String> noHost = client("POST", "/vm_startup", "{}");
        assertThat(noHost.statusCode()).isEqualTo(400);
        assertThat(body(noHost).get("error").asString()).isEqualTo("Hostname is required.");
        assertThat(body(client("POST", "/vm_startup", "{\"hostname\":\"nobody\"}")).get("error").asString()).isEqualTo("VM not found.");

        HttpResponse<String> wrongToken = allocator.send("POST", "/api/vm-status", "{\"hostname\":\"x\",\"status\":\"running\"}", "Bearer not-the-token");
        HttpResponse<String> noToken = allocator.anonymous("POST", "/vm_startup", "{\"hostname\":\"x\"}");
        assertThat(wrongToken.statusCode()).isEqualTo(401);
        assertThat(body(wrongToken).get("error").asString()).isEqualTo("A valid bearer token is required.");
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM machines").query(Integer.class).single()).isZero();
    }

    /** Like LabLink's subscribe: POST /vm_startup with a 7-day read timeout, for a claim made after it began polling and one made before. */
    @Test
    void aSubscribingClientGetsTheCommandAndPinWhetherTheClaimCameBeforeOrAfterItsPoll() throws Exception {
        announce("lab-vm-1", "running");
        CompletableFuture<HttpResponse<String>> waiting = subscribe("lab-vm-1");
        Thread.sleep(300);
        assertThat(waiting).isNotDone();

        HttpResponse<String> claim = allocator.anonymous("POST", "/api/v1/claims", "{\"email\":\"ada@example.org\",\"crd_command\":" + CRD + "}");
        assertThat(claim.statusCode()).as(claim.body()).isEqualTo(201);

        JsonNode after = body(waiting.get(10, TimeUnit.SECONDS));
        assertThat(after.get("status").asString()).isEqualTo("success");
        assertThat(after.get("pin").asString()).matches("\\d{6}");
        assertThat(after.get("command").asString()).contains("--code=\"4/0AeanS0a_B1c-Dx9\"").contains("--name=lab-vm-1").doesNotContain("$(");

        announce("lab-vm-2", "running");
        allocator.anonymous("POST", "/api/v1/claims", "{\"email\":\"bob@example.org\",\"crd_command\":\"--code=4/bob\"}");
        JsonNode before = body(subscribe("lab-vm-2").get(10, TimeUnit.SECONDS));
        assertThat(before.get("command").asString()).contains("--code=\"4/bob\"");
        assertThat(before.get("pin").asString()).matches("\\d{6}").isNotEqualTo(after.get("pin").asString());
    }

    private CompletableFuture<HttpResponse<String>> subscribe(String hostname) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(allocator.uri("/vm_startup").toString()))
                .timeout(Duration.ofDays(7))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"hostname\":\"" + hostname + "\"}"))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }
}
