package dev.lablink.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lablink.core.machine.MachineState;
import dev.lablink.server.ParticipantBrowser;
import dev.lablink.server.TestAllocator;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Who may do what on the web pages and the API around them, checked over plain HTTP. */
class WebDoorsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final TestAllocator allocator = TestAllocator.shared();

    @BeforeEach
    void clean() {
        allocator.reset();
    }

    @AfterEach
    void destroyMachines() {
        allocator.reset();
    }

    private HttpResponse<String> form(String path, String body) {
        return allocator.send("POST", path, null, null, body);
    }

    @Test
    void theClaimFormWithoutItsCsrfTokenIsRefusedAndClaimsNothing() {
        allocator.insertReadyMachines(1);

        HttpResponse<String> response = form("/claim", "email=ada%40example.org");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM claims").query(Integer.class).single()).isZero();
    }

    @Test
    void consolePagesAndTheirStreamSendAStrangerToTheLoginPage() {
        for (String path : new String[] {"/admin", "/admin/machines", "/admin/live", "/admin/events"}) {
            HttpResponse<String> response = allocator.anonymous("GET", path, null);
            assertThat(response.statusCode()).as(path).isEqualTo(302);
            assertThat(response.headers().firstValue("Location").orElse("")).as(path).endsWith("/admin/login");
        }
    }

    @Test
    void theApiStaysStatelessAndWantsBasicCredentials() {
        HttpResponse<String> withBasic = allocator.admin("GET", "/api/v1/vms", null);
        assertThat(withBasic.statusCode()).isEqualTo(200);
        assertThat(withBasic.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(allocator.anonymous("GET", "/api/v1/vms", null).statusCode()).isEqualTo(401);
    }

    @Test
    void aClaimNamesItsSeatPageWhichShowsTheMachineToTheBrowserThatClaimed() {
        allocator.insertReadyMachines(1);
        String machine = allocator.jdbc.sql("SELECT name FROM machines").query(String.class).single();
        ParticipantBrowser ada = new ParticipantBrowser(allocator);
        String page = ada.claimSeat("ada@example.org");
        assertThat(page).matches("/seat/[A-Za-z0-9_-]{22}");

        HttpResponse<String> seat = ada.get(page);

        assertThat(seat.statusCode()).isEqualTo(200);
        assertThat(seat.body()).contains(machine).contains("Release my seat");
    }

    @Test
    void apiClaimsNeedAdminCredentialsAndTheSeatCountDoesNot() {
        allocator.insertReadyMachines(1);

        HttpResponse<String> anonymous = allocator.anonymous("POST", "/api/v1/claims", "{\"email\":\"ada@example.org\"}");

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM claims").query(Integer.class).single()).isZero();
        assertThat(allocator.anonymous("GET", "/api/v1/seats", null).statusCode()).isEqualTo(200);
        JsonNode onBehalf = JSON.readTree(allocator.admin("POST", "/api/v1/claims", "{\"email\":\"ada@example.org\"}").body());
        assertThat(onBehalf.get("page").asString()).matches("/seat/[A-Za-z0-9_-]{22}");
        // claimed on her behalf: the page is hers, not the admin script's or a stranger's
        assertThat(allocator.send("GET", onBehalf.get("page").asString(), null, null, null, "text/html").statusCode()).isEqualTo(403);
    }

    @Test
    void anUnknownSeatPageIsA404ThatSaysWhatToDo() {
        HttpResponse<String> response = allocator.send("GET", "/seat/AAAAAAAAAAAAAAAAAAAAAA", null, null, null, "text/html");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("no seat at this address").contains("Request a machine").doesNotContain("Exception");
    }

    @Test
    void anAdminReleaseEndsTheClaimDestroysTheMachineAndCreatesAReplacement() {
        String machine = allocator.createReadyMachines(1).getFirst();
        allocator.admin("POST", "/api/v1/claims", "{\"email\":\"ada@example.org\"}");

        HttpResponse<String> released = allocator.admin("POST", "/api/v1/vms/" + machine + "/release", null);

        assertThat(released.statusCode()).as(released.body()).isEqualTo(202);
        String replacementName = JSON.readTree(released.body()).get("replacement").asString();
        assertThat(JSON.readTree(released.body()).get("machine").asString()).isEqualTo(machine);
        await().atMost(Duration.ofSeconds(30)).until(() -> allocator.stateOf(machine) == MachineState.TERMINATED);
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM claims WHERE released_at IS NULL").query(Integer.class).single()).isZero();
        String replacement = allocator.jdbc.sql("SELECT message FROM events WHERE type = 'REPLACEMENT'").query(String.class).single();
        assertThat(replacement).isEqualTo(replacementName + " replaces " + machine + ", whose seat was released");
        await().atMost(Duration.ofSeconds(60)).until(() -> allocator.jdbc.sql("SELECT count(*) FROM machines WHERE state = 'READY'")
                .query(Integer.class).single() == 1);
    }

    @Test
    void releasingAMachineWithoutAClaimIsAConflictThatSaysWhy() {
        allocator.insertReadyMachines(1);
        String machine = allocator.jdbc.sql("SELECT name FROM machines").query(String.class).single();

        HttpResponse<String> response = allocator.admin("POST", "/api/v1/vms/" + machine + "/release", null);

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(response.body()).get("detail").asString()).isEqualTo(machine + " has no claim to release: it is READY");
        assertThat(allocator.stateOf(machine)).isEqualTo(MachineState.READY);
    }

    @Test
    void pagesCarryAContentSecurityPolicyAndAReferrerPolicy() {
        for (String path : new String[] {"/", "/admin/login", "/no-such-page"}) {
            HttpResponse<String> page = allocator.send("GET", path, null, null, null, "text/html");
            String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
            assertThat(csp).as(path).contains("default-src 'self'").contains("script-src 'self'").contains("style-src 'self'")
                    .contains("connect-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
            assertThat(page.headers().firstValue("Referrer-Policy").orElse("")).as(path).isEqualTo("same-origin");
            // the policy allows no inline script, handler or style: the pages must have none
            assertThat(page.body()).as(path).doesNotContainPattern("<script(?![^>]*\\ssrc=)|\\son[a-z]+=|\\sstyle=|<style");
        }
    }
}
