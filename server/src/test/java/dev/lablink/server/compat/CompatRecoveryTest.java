package dev.lablink.server.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lablink.core.machine.MachineState;
import dev.lablink.server.OwnAllocatorTestBase;
import dev.lablink.server.TestAllocator;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * LabLink client machines under recovery (replace and reassign on): this allocator did not create
 * them, so an unhealthy GPU or a silence flags them and holds them out of the free seats, never
 * destroys or replaces them, and they are taken back when they report healthy or speak again.
 * Our agents beat every second here (2 missed: unreachable), and must register within 10 s; the
 * clients beat every 3 s (6 s).
 */
class CompatRecoveryTest extends OwnAllocatorTestBase {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TOKEN = "compat-token-for-tests-0123456789";
    @TempDir
    static Path dataDir;

    @BeforeAll
    static void start() {
        allocator = TestAllocator.start(dataDir, """
                connect: {method: crd}
                compat: {enabled: true, token: %s, heartbeat_seconds: 3}
                telemetry: {heartbeat_seconds: 1, missed_heartbeats: 2, boot_timeout_seconds: 10}
                recovery: {replace: true, reassign: true}
                """.formatted(TOKEN));
    }

    private HttpResponse<String> client(String method, String path, String json) {
        HttpResponse<String> response = allocator.send(method, path, json, "Bearer " + TOKEN);
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return response;
    }

    private HttpResponse<String> claim(String email) {
        return allocator.admin("POST", "/api/v1/claims", "{\"email\":\"" + email + "\",\"crd_command\":\"--code=4/" + email.charAt(0) + "\"}");
    }

    private int freeSeats() {
        return JSON.readTree(allocator.anonymous("GET", "/api/unassigned_vms_count", null).body()).get("count").asInt();
    }

    private int eventsOfType(String... types) {
        return allocator.jdbc.sql("SELECT count(*) FROM events WHERE type IN (:types)").param("types", java.util.List.of(types))
                .query(Integer.class).single();
    }

    /** A console page as the admin sees it after signing in with the login form. */
    private static String consolePage(String path) throws Exception {
        java.net.CookieManager cookies = new java.net.CookieManager();
        java.net.http.HttpClient browser = java.net.http.HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(java.net.http.HttpClient.Redirect.NORMAL).build();
        String form = browser.send(java.net.http.HttpRequest.newBuilder(allocator.uri("/admin/login")).build(), HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form);
        assertThat(token.find()).as(form).isTrue();
        String csrf = java.net.URLEncoder.encode(token.group(1), java.nio.charset.StandardCharsets.UTF_8);
        browser.send(java.net.http.HttpRequest.newBuilder(allocator.uri("/admin/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("username=admin&password=" + TestAllocator.ADMIN_PASSWORD + "&_csrf=" + csrf))
                .build(), HttpResponse.BodyHandlers.discarding());
        HttpResponse<String> page = browser.send(java.net.http.HttpRequest.newBuilder(allocator.uri(path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.uri().getPath()).as("signed in").isEqualTo(path);
        return page.body();
    }

    @Test
    void aClientReportingAnUnhealthyGpuIsFlaggedAndHeldOutOfTheFreeSeatsNotReplaced() throws Exception {
        client("POST", "/api/vm-status", "{\"hostname\":\"lab-vm-1\",\"status\":\"running\"}");
        client("POST", "/api/vm-status", "{\"hostname\":\"lab-vm-2\",\"status\":\"running\"}");

        client("POST", "/api/gpu_health", "{\"hostname\":\"lab-vm-1\",\"gpu_status\":\"Unhealthy\"}");

        // Recovery runs every second here: it leaves the machine as it is.
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> allocator.stateOf("lab-vm-1") == MachineState.READY);
        assertThat(eventsOfType("REPLACEMENT", "REPLACEMENT_FAILED")).isZero();
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM machines").query(Integer.class).single()).isEqualTo(2);
        assertThat(allocator.jdbc.sql("SELECT message FROM events WHERE type = 'FLAGGED'").query(String.class).single())
                .isEqualTo("lab-vm-1 reports an unhealthy GPU; it is a LabLink client machine, which this allocator did not create,"
                        + " so it is kept (not replaced) and not offered to participants until it reports Healthy again");
        assertThat(consolePage("/admin/events")).contains("lab-vm-1 reports an unhealthy GPU");
        assertThat(freeSeats()).isEqualTo(1);
        assertThat(JSON.readTree(claim("ada@example.org").body()).get("machine").asString()).isEqualTo("lab-vm-2");
        HttpResponse<String> none = claim("bob@example.org");
        assertThat(none.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(none.body()).get("detail").asString())
                .isEqualTo("all 2 seats are taken (1 claimed, 0 still starting, 1 held back with an unhealthy GPU); none is free");
        assertThat(JSON.readTree(client("GET", "/api/vm-status/lab-vm-1", null).body()).get("status").asString()).isEqualTo("running");

        client("POST", "/api/gpu_health", "{\"hostname\":\"lab-vm-1\",\"gpu_status\":\"Healthy\"}");

        assertThat(eventsOfType("FLAG_CLEARED")).isEqualTo(1);
        assertThat(freeSeats()).isEqualTo(1);
        assertThat(JSON.readTree(claim("bob@example.org").body()).get("machine").asString()).isEqualTo("lab-vm-1");
    }

    @Test
    void aSilentClientIsFlaggedAfterItsOwnBeatNotOursAndTakenBackWhenItSpeaksAgain() {
        client("POST", "/api/vm-status", "{\"hostname\":\"lab-vm-1\",\"status\":\"running\"}");
        client("POST", "/api/vm-status", "{\"hostname\":\"lab-vm-2\",\"status\":\"running\"}");
        assertThat(JSON.readTree(claim("ada@example.org").body()).get("machine").asString()).isEqualTo("lab-vm-1");
        client("POST", "/api/heartbeat", "{\"vm_id\":\"lab-vm-1\",\"boot_id\":\"b-1\",\"crd_active\":true,\"disk_free_pct\":70}");

        // Silent for twice our agents' 2 s: still fine by the client's 3 s beat (6 s).
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).until(() -> allocator.stateOf("lab-vm-1") == MachineState.ASSIGNED);
        await().atMost(Duration.ofSeconds(10)).until(() -> allocator.stateOf("lab-vm-1") == MachineState.UNREACHABLE);
        // Reassign is on and lab-vm-2 is free, but this machine is neither replaced nor emptied.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> allocator.stateOf("lab-vm-1") == MachineState.UNREACHABLE);
        assertThat(allocator.jdbc.sql("SELECT message FROM events WHERE type = 'FLAGGED'").query(String.class).single())
                .isEqualTo("lab-vm-1 of ada@example.org stopped answering; it is a LabLink client machine, which this allocator did not create,"
                        + " so it is kept (not replaced) and is not offered to participants until it speaks again");
        assertThat(allocator.jdbc.sql("SELECT state_reason FROM machines WHERE name = 'lab-vm-1'").query(String.class).single())
                .isEqualTo("no heartbeat from its LabLink client for more than 6 s (2 missed of its 3 s beat)");
        assertThat(allocator.stateOf("lab-vm-2")).isEqualTo(MachineState.READY);

        client("POST", "/api/heartbeat", "{\"vm_id\":\"lab-vm-1\",\"boot_id\":\"b-1\",\"crd_active\":true,\"disk_free_pct\":70}");

        assertThat(allocator.stateOf("lab-vm-1")).isEqualTo(MachineState.ASSIGNED);
        JsonNode again = JSON.readTree(claim("ada@example.org").body());
        assertThat(again.get("machine").asString()).isEqualTo("lab-vm-1");
        assertThat(eventsOfType("REPLACEMENT", "REPLACEMENT_FAILED")).isZero();
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM events WHERE to_state IN ('TERMINATING', 'TERMINATED')").query(Integer.class).single()).isZero();
    }

    /** A client image can take longer to boot than our agents may (pulling a large container): it is not failed for it. */
    @Test
    void aClientStillInitializingIsNotFailedByOurBootTimeout() {
        client("POST", "/api/vm-status", "{\"hostname\":\"lab-vm-1\",\"status\":\"initializing\"}");

        await().during(Duration.ofSeconds(13)).atMost(Duration.ofSeconds(15)).until(() -> allocator.stateOf("lab-vm-1") == MachineState.BOOTING);

        client("POST", "/api/vm-status", "{\"hostname\":\"lab-vm-1\",\"status\":\"running\"}");
        assertThat(allocator.stateOf("lab-vm-1")).isEqualTo(MachineState.READY);
    }

    @Test
    void aReleasedClientSeatGetsNoPhantomReplacement() {
        client("POST", "/api/vm-status", "{\"hostname\":\"lab-vm-1\",\"status\":\"running\"}");
        claim("ada@example.org");

        HttpResponse<String> released = allocator.admin("POST", "/api/v1/vms/lab-vm-1/release", null);

        assertThat(released.statusCode()).as(released.body()).isEqualTo(202);
        assertThat(JSON.readTree(released.body()).get("replacement").isNull()).isTrue();
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM machines").query(Integer.class).single()).isEqualTo(1);
        assertThat(allocator.jdbc.sql("SELECT message FROM events WHERE type = 'NO_REPLACEMENT'").query(String.class).single())
                .isEqualTo("no replacement for lab-vm-1: it is a LabLink client machine, which this allocator did not create; start another where it was started");
    }
}
