package dev.lablink.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.server.OwnAllocatorTestBase;
import dev.lablink.server.TestAllocator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every route of LabLink's client protocol, driven with the bodies its client images and pages
 * send (shared/reference/lablink-client-protocol.md), good and bad, and the answers that document gives.
 */
class CompatRoutesTest extends OwnAllocatorTestBase {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TOKEN = "compat-token-for-tests-0123456789";
    private static final String HOSTNAMES = "lab-vm-[0-9]+";
    private static final String CRD = "\"DISPLAY= /opt/google/chrome-remote-desktop/start-host --code=\\\"4/0AeanS0a_B1c-Dx9\\\" "
            + "--redirect-url=\\\"https://remotedesktop.google.com/_/oauthredirect\\\" --name=$(hostname)\"";
    @TempDir
    static Path dataDir;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        allocator = TestAllocator.start(dataDir, """
                connect: {method: crd}
                compat: {enabled: true, token: %s, hostnames: '%s'}
                """.formatted(TOKEN, HOSTNAMES));
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

        JsonNode removed = JSON.readTree(allocator.admin("DELETE", "/api/v1/vms/lab-vm-2", null).body());
        assertThat(removed.get("state").asString()).isEqualTo("TERMINATED");
        assertThat(removed.get("state_reason").asString()).contains("the machine itself still runs: stop it where it was started (lablink-client)");
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

    @Test
    void gpuHealthInUseLogsMetricsAndHeartbeatsAreStoredWhereOurAgentsReportsGo() {
        announce("lab-vm-1", "running");
        allocator.admin("POST", "/api/v1/claims", "{\"email\":\"ada@example.org\",\"crd_command\":\"--code=4/ada\"}");

        assertThat(body(client("POST", "/api/gpu_health", "{\"hostname\":\"lab-vm-1\",\"gpu_status\":\"Unhealthy\"}"))
                .get("message").asString()).isEqualTo("GPU health status updated successfully.");
        assertThat(body(client("POST", "/api/update_inuse_status", "{\"hostname\":\"lab-vm-1\",\"status\":true}"))
                .get("message").asString()).isEqualTo("In-use status updated successfully.");
        assertThat(body(client("POST", "/api/vm-logs", """
                {"log_group":"lablink-cloud-init-lab","log_stream":"lab-vm-1","messages":["cloud-init started","cloud-init done"]}
                """)).get("message").asString()).isEqualTo("VM logs posted successfully.");
        client("POST", "/api/vm-logs", "{\"log_group\":\"lablink-docker\",\"log_stream\":\"lab-vm-1\",\"messages\":[\"container up\"]}");
        assertThat(body(client("POST", "/api/vm-metrics/lab-vm-1", "{\"cloud_init_start\":1763890000,\"cloud_init_end\":1763890042}"))
                .get("message").asString()).isEqualTo("VM metrics posted successfully.");
        assertThat(body(client("POST", "/api/heartbeat", """
                {"vm_id":"lab-vm-1","boot_id":"b-1","timestamp":"2026-11-23T10:00:00Z","crd_active":true,"disk_free_pct":71}
                """)).get("ok").asBoolean()).isTrue();

        JsonNode view = JSON.readTree(allocator.admin("GET", "/api/v1/vms/lab-vm-1", null).body());
        assertThat(view.get("gpu_health").asString()).isEqualTo("UNHEALTHY");
        assertThat(view.get("state").asString()).isEqualTo("IN_USE");
        JsonNode logs = body(client("GET", "/api/vm-logs/lab-vm-1", null));
        assertThat(logs.get("cloud_init_logs").asString()).isEqualTo("cloud-init started\ncloud-init done");
        assertThat(logs.get("docker_logs").asString()).isEqualTo("container up");
        assertThat(allocator.jdbc.sql("SELECT message FROM events WHERE type = 'BOOT_METRICS'").query(String.class).single())
                .isEqualTo("cloud_init_start=1763890000 cloud_init_end=1763890042");
        assertThat(allocator.jdbc.sql("SELECT boot_id FROM machines WHERE name = 'lab-vm-1'").query(String.class).single()).isEqualTo("b-1");
    }

    @Test
    void theTelemetryRoutesRefuseMissingFieldsAndUnknownMachinesInTheReferenceWords() {
        assertThat(body(client("POST", "/api/gpu_health", "{\"hostname\":\"lab-vm-1\"}")).get("error").asString())
                .isEqualTo("GPU status and hostname are required.");
        assertThat(body(client("POST", "/api/update_inuse_status", "{\"hostname\":\"lab-vm-1\"}")).get("error").asString())
                .isEqualTo("Hostname and status are required.");
        HttpResponse<String> noMessages = client("POST", "/api/vm-logs", "{\"log_group\":\"g\",\"log_stream\":\"lab-vm-1\"}");
        assertThat(noMessages.statusCode()).isEqualTo(400);
        assertThat(body(noMessages).get("error").asString()).isEqualTo("Log group, stream, and messages are required.");
        for (HttpResponse<String> unknown : java.util.List.of(
                client("POST", "/api/vm-logs", "{\"log_group\":\"g\",\"log_stream\":\"nobody\",\"messages\":[\"x\"]}"),
                client("GET", "/api/vm-logs/nobody", null),
                client("POST", "/api/vm-metrics/nobody", "{}"),
                client("POST", "/api/heartbeat", "{\"vm_id\":\"nobody\"}"))) {
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(body(unknown).get("error").asString()).isEqualTo("VM not found.");
        }
        announce("lab-vm-1", "initializing");
        HttpResponse<String> noLogsYet = client("GET", "/api/vm-logs/lab-vm-1", null);
        assertThat(noLogsYet.statusCode()).isEqualTo(503);
    }

    @Test
    void theRequestFormGivesTheMachineAndPinOrTheFormWithTheProblem() {
        announce("lab-vm-1", "running");
        String form = "email=ada%40example.org&crd_command=" + java.net.URLEncoder.encode(
                "start-host --code=\"4/0AeanS0a\" --name=$(hostname)", java.nio.charset.StandardCharsets.UTF_8);

        dev.lablink.server.ParticipantBrowser browser = new dev.lablink.server.ParticipantBrowser(allocator);
        HttpResponse<String> seat = browser.postRaw("/api/request_vm", Map.of("email", "ada@example.org",
                "crd_command", "start-host --code=\"4/0AeanS0a\" --name=$(hostname)"));
        HttpResponse<String> again = browser.postRaw("/api/request_vm", Map.of("email", "ada@example.org",
                "crd_command", "start-host --code=\"4/0AeanS0a\" --name=$(hostname)"));
        HttpResponse<String> otherBrowser = allocator.send("POST", "/api/request_vm", null, null, form, "text/html");

        assertThat(seat.statusCode()).isEqualTo(200);
        assertThat(seat.body()).contains("lab-vm-1").containsPattern("PIN: <strong class=\"pin\">\\d{6}</strong>");
        assertThat(again.body()).contains("lab-vm-1");
        assertThat(otherBrowser.statusCode()).isEqualTo(409);
        assertThat(otherBrowser.body()).contains("already has a seat").doesNotContain("lab-vm-1").doesNotContain("PIN");
        HttpResponse<String> missing = allocator.send("POST", "/api/request_vm", null, null, "email=bob%40example.org", "text/html");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("Email and CRD command are required.");
        Map<String, String> injections = Map.of(
                "--code=abc; rm -rf /", "but it has &#39;;&#39;",
                "--code=$(id)", "but it has &#39;$&#39;",
                "--code=`id`", "but it has &#39;`&#39;",
                "--code=abc\nrm -rf /", "must be one line");
        injections.forEach((command, answer) -> {
            HttpResponse<String> injected = allocator.send("POST", "/api/request_vm", null, null,
                    "email=bob%40example.org&crd_command=" + java.net.URLEncoder.encode(command, java.nio.charset.StandardCharsets.UTF_8), "text/html");
            assertThat(injected.statusCode()).as(command).isEqualTo(400);
            assertThat(injected.body()).as(command).contains(answer);
        });
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM claims WHERE email = 'bob@example.org'").query(Integer.class).single()).isZero();
        HttpResponse<String> full = allocator.send("POST", "/api/request_vm", null, null,
                "email=cy%40example.org&crd_command=--code%3D4%2Fcy", "text/html");
        assertThat(full.statusCode()).isEqualTo(409);
        assertThat(full.body()).contains("No machine is free right now");
    }

    /** LabLink's client re-subscribes when its container is recreated; the participant pastes a new command for it. */
    @Test
    void aResubmittedCrdCommandKeepsTheSeatAndPinAndTheClientGetsTheNewCode() throws Exception {
        announce("lab-vm-1", "running");
        HttpResponse<String> seat = requestVm("ada@example.org", "start-host --code=\"4/first\" --name=$(hostname)");
        String pin = pin(seat);
        JsonNode first = body(subscribe("lab-vm-1").get(10, TimeUnit.SECONDS));
        assertThat(first.get("command").asString()).contains("--code=\"4/first\"");

        HttpResponse<String> again = requestVm("ada@example.org", "start-host --code=\"4/second\" --name=$(hostname)");

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("lab-vm-1");
        assertThat(pin(again)).isEqualTo(pin);
        JsonNode renewed = body(subscribe("lab-vm-1").get(10, TimeUnit.SECONDS));
        assertThat(renewed.get("command").asString()).contains("--code=\"4/second\"").doesNotContain("4/first");
        assertThat(renewed.get("pin").asString()).isEqualTo(pin);
    }

    /** One participant's browser, kept across a test's requests (the seat belongs to it). */
    private dev.lablink.server.ParticipantBrowser browser;

    private HttpResponse<String> requestVm(String email, String crdCommand) {
        if (browser == null) {
            browser = new dev.lablink.server.ParticipantBrowser(allocator);
        }
        return browser.postRaw("/api/request_vm", Map.of("email", email, "crd_command", crdCommand));
    }

    private static String pin(HttpResponse<String> seatPage) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("PIN: <strong class=\"pin\">(\\d{6})</strong>").matcher(seatPage.body());
        assertThat(matcher.find()).as(seatPage.body()).isTrue();
        return matcher.group(1);
    }

    /** The shared token must not reach a machine our own agent runs: not its participant's code and PIN, not its state. */
    @Test
    void theCompatTokenActsOnlyOnMachinesThatRegisteredThroughTheseRoutes() {
        allocator.insertReadyMachines(1);
        String native_ = allocator.jdbc.sql("SELECT name FROM machines").query(String.class).single();
        allocator.admin("POST", "/api/v1/claims", "{\"email\":\"ada@example.org\",\"crd_command\":\"--code=4/secret-code\"}");
        announce("lab-vm-1", "running");

        for (HttpResponse<String> refused : java.util.List.of(
                client("POST", "/vm_startup", "{\"hostname\":\"" + native_ + "\"}"),
                client("POST", "/api/vm-status", "{\"hostname\":\"" + native_ + "\",\"status\":\"error\"}"),
                client("GET", "/api/vm-status/" + native_, null),
                client("POST", "/api/gpu_health", "{\"hostname\":\"" + native_ + "\",\"gpu_status\":\"Unhealthy\"}"),
                client("POST", "/api/update_inuse_status", "{\"hostname\":\"" + native_ + "\",\"status\":true}"),
                client("POST", "/api/vm-logs", "{\"log_group\":\"g\",\"log_stream\":\"" + native_ + "\",\"messages\":[\"forged\"]}"),
                client("GET", "/api/vm-logs/" + native_, null),
                client("POST", "/api/vm-metrics/" + native_, "{\"cloud_init_start\":1}"),
                client("POST", "/api/heartbeat", "{\"vm_id\":\"" + native_ + "\"}"))) {
            assertThat(refused.statusCode()).as(refused.uri() + " " + refused.body()).isEqualTo(403);
            assertThat(body(refused).get("error").asString()).as(refused.uri().toString())
                    .isEqualTo("VM '" + native_ + "' is run by this allocator's own agent, not by a LabLink client; "
                            + "these routes act only on machines that registered through them.");
        }
        assertThat(body(client("GET", "/api/vm-status", null)).propertyNames()).containsExactly("lab-vm-1");
        JsonNode view = JSON.readTree(allocator.admin("GET", "/api/v1/vms/" + native_, null).body());
        assertThat(view.get("state").asString()).isEqualTo("ASSIGNED");
        assertThat(view.get("gpu_health").isNull()).isTrue();
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM events WHERE type = 'BOOT_METRICS'").query(Integer.class).single()).isZero();
    }

    /** compat.hostnames (a regular expression) limits which new hostnames may register; each registration is an event. */
    @Test
    void onlyHostnamesMatchingCompatHostnamesRegisterAndEachRegistrationIsAnEvent() {
        HttpResponse<String> madeUp = client("POST", "/api/vm-status", "{\"hostname\":\"free-seat-please\",\"status\":\"running\"}");

        assertThat(madeUp.statusCode()).isEqualTo(403);
        assertThat(body(madeUp).get("error").asString())
                .isEqualTo("Hostname 'free-seat-please' may not register: it does not match compat.hostnames (" + HOSTNAMES + ").");
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM machines").query(Integer.class).single()).isZero();
        assertThat(body(allocator.anonymous("GET", "/api/unassigned_vms_count", null)).get("count").asInt()).isZero();

        // Not even a name this allocator gives its own machines: our next lablink-vm-1 would fail on the taken name.
        HttpResponse<String> squatter = client("POST", "/api/vm-status", "{\"hostname\":\"lablink-vm-1\",\"status\":\"running\"}");
        assertThat(squatter.statusCode()).isEqualTo(403);
        assertThat(body(squatter).get("error").asString()).isEqualTo("Hostname 'lablink-vm-1' may not register: this allocator gives names"
                + " like it to the machines it creates; start the client image under another name.");

        announce("lab-vm-7", "running");
        assertThat(allocator.jdbc.sql("SELECT actor || ' ' || message FROM events WHERE type = 'CREATED'").query(String.class).single())
                .isEqualTo("client:lab-vm-7 announced itself through the LabLink client protocol");
        assertThat(body(allocator.anonymous("GET", "/api/unassigned_vms_count", null)).get("count").asInt()).isEqualTo(1);
    }

    @Test
    void theAdminLaunchesAndDestroysWithBasicCredentials() {
        HttpResponse<String> launched = allocator.send("POST", "/api/launch", null, TestAllocator.basic("admin", TestAllocator.ADMIN_PASSWORD), "num_vms=2");
        assertThat(launched.statusCode()).as(launched.body()).isEqualTo(200);
        assertThat(body(launched).get("message").asString()).isEqualTo("Launching 2 VMs.");
        assertThat(allocator.send("POST", "/api/launch", null, null, "num_vms=2").statusCode()).isEqualTo(401);
        assertThat(body(allocator.send("POST", "/api/launch", null, TestAllocator.basic("admin", TestAllocator.ADMIN_PASSWORD), "num_vms=two"))
                .get("error").asString()).startsWith("num_vms must be a whole number");

        HttpResponse<String> destroyed = allocator.send("POST", "/destroy", null, TestAllocator.basic("admin", TestAllocator.ADMIN_PASSWORD), "");
        assertThat(destroyed.statusCode()).as(destroyed.body()).isEqualTo(200);
        assertThat(body(destroyed).get("message").asString()).isEqualTo("Destroying 2 VMs.");
        assertThat(allocator.anonymous("POST", "/destroy", null).statusCode()).isEqualTo(401);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                allocator.jdbc.sql("SELECT count(*) FROM machines WHERE state <> 'TERMINATED'").query(Integer.class).single() == 0);
    }

    /** Like LabLink's subscribe: POST /vm_startup with a 7-day read timeout, for a claim made after it began polling and one made before. */
    @Test
    void aSubscribingClientGetsTheCommandAndPinWhetherTheClaimCameBeforeOrAfterItsPoll() throws Exception {
        announce("lab-vm-1", "running");
        CompletableFuture<HttpResponse<String>> waiting = subscribe("lab-vm-1");
        Thread.sleep(300);
        assertThat(waiting).isNotDone();

        HttpResponse<String> claim = allocator.admin("POST", "/api/v1/claims", "{\"email\":\"ada@example.org\",\"crd_command\":" + CRD + "}");
        assertThat(claim.statusCode()).as(claim.body()).isEqualTo(201);

        JsonNode after = body(waiting.get(10, TimeUnit.SECONDS));
        assertThat(after.get("status").asString()).isEqualTo("success");
        assertThat(after.get("pin").asString()).matches("\\d{6}");
        assertThat(after.get("command").asString()).contains("--code=\"4/0AeanS0a_B1c-Dx9\"").contains("--name=lab-vm-1").doesNotContain("$(");

        announce("lab-vm-2", "running");
        allocator.admin("POST", "/api/v1/claims", "{\"email\":\"bob@example.org\",\"crd_command\":\"--code=4/bob\"}");
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
