package dev.lablink.server.admins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.server.TestAllocator;
import dev.lablink.server.security.LoginThrottle;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Several admin accounts with roles, API tokens, and the lock-out after failed logins, as an admin meets them. */
class AdminAccountsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final TestAllocator allocator = TestAllocator.shared();

    @BeforeEach
    void reset() {
        allocator.reset();
    }

    private JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private void addAccount(String name, String role, String password) {
        HttpResponse<String> added = allocator.admin("POST", "/api/v1/admins",
                "{\"username\":\"" + name + "\",\"role\":\"" + role + "\",\"password\":\"" + password + "\"}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
    }

    @Test
    void aViewerReadsButCannotChangeAnything() throws Exception {
        addAccount("vera", "viewer", "viewer-password-1");
        String vera = TestAllocator.basic("vera", "viewer-password-1");

        assertThat(allocator.send("GET", "/api/v1/vms", null, vera).statusCode()).isEqualTo(200);
        HttpResponse<String> create = allocator.send("POST", "/api/v1/vms", "{\"count\":1}", vera);
        assertThat(create.statusCode()).isEqualTo(403);
        assertThat(create.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json(create).path("detail").asString()).isEqualTo("viewer accounts are read only; ask an admin");
        assertThat(allocator.send("DELETE", "/api/v1/admins/admin", null, vera).statusCode()).isEqualTo(403);

        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        assertThat(logIn(browser, "vera", "viewer-password-1").headers().firstValue("Location").orElse("")).endsWith("/admin");
        HttpResponse<String> machines = get(browser, "/admin/machines");
        assertThat(machines.statusCode()).isEqualTo(200);
        assertThat(machines.body()).as("a viewer sees no buttons they could not use").doesNotContain("Destroy all").doesNotContain("Create machines");
        HttpResponse<String> formPost = post(browser, "/admin/machines", "count=1");
        assertThat(formPost.statusCode()).isEqualTo(403);
        assertThat(formPost.body()).contains("viewer accounts are read only; ask an admin");
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM machines").query(Integer.class).single()).isZero();
    }

    @Test
    void aSecondAdminAddedThroughTheApiLogsInWithItsPassword() {
        addAccount("grace", "admin", "grace-password-1");

        HttpResponse<String> asGrace = allocator.send("GET", "/api/v1/admins", null, TestAllocator.basic("grace", "grace-password-1"));

        assertThat(asGrace.statusCode()).isEqualTo(200);
        assertThat(json(asGrace).valueStream().map(a -> a.path("username").asString() + ":" + a.path("role").asString()).toList())
                .containsExactly("admin:admin", "grace:admin");
        assertThat(allocator.send("GET", "/api/v1/vms", null, TestAllocator.basic("grace", "wrong-password-1")).statusCode()).isEqualTo(401);
    }

    @Test
    void anAccountWithoutAPasswordGetsAGeneratedOneShownOnce() {
        HttpResponse<String> added = allocator.admin("POST", "/api/v1/admins", "{\"username\":\"lin\",\"role\":\"viewer\"}");

        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        String password = json(added).path("password").asString();
        assertThat(password).hasSizeGreaterThanOrEqualTo(12);
        assertThat(allocator.send("GET", "/api/v1/vms", null, TestAllocator.basic("lin", password)).statusCode()).isEqualTo(200);
        assertThat(allocator.admin("GET", "/api/v1/admins", null).body()).doesNotContain(password);

        HttpResponse<String> reset = allocator.send("POST", "/api/v1/admins/lin/password", null, TestAllocator.basic("lin", password));
        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
        String next = json(reset).path("password").asString();
        assertThat(allocator.send("GET", "/api/v1/vms", null, TestAllocator.basic("lin", next)).statusCode()).isEqualTo(200);
        assertThat(allocator.send("POST", "/api/v1/admins/admin/password", "{}", TestAllocator.basic("lin", next)).statusCode())
                .as("a viewer sets only their own password").isEqualTo(403);
    }

    @Test
    void badAccountsAreRefusedNamingTheField() {
        HttpResponse<String> role = allocator.admin("POST", "/api/v1/admins", "{\"username\":\"ada\",\"role\":\"owner\"}");
        assertThat(role.statusCode()).isEqualTo(400);
        assertThat(json(role).path("field").asString()).isEqualTo("role");
        assertThat(json(role).path("detail").asString()).contains("admin, viewer");

        HttpResponse<String> name = allocator.admin("POST", "/api/v1/admins", "{\"username\":\"Ada Lovelace\",\"role\":\"admin\"}");
        assertThat(name.statusCode()).isEqualTo(400);
        assertThat(json(name).path("field").asString()).isEqualTo("username");

        HttpResponse<String> shortPassword = allocator.admin("POST", "/api/v1/admins", "{\"username\":\"ada\",\"password\":\"short\"}");
        assertThat(shortPassword.statusCode()).isEqualTo(400);
        assertThat(json(shortPassword).path("field").asString()).isEqualTo("password");
        assertThat(json(shortPassword).path("detail").asString()).contains("at least 12 characters");

        addAccount("ada", "admin", "ada-password-12");
        assertThat(allocator.admin("POST", "/api/v1/admins", "{\"username\":\"ada\"}").statusCode()).isEqualTo(409);
    }

    @Test
    void theLastAdminCannotBeRemoved() {
        addAccount("vera", "viewer", "viewer-password-1");

        HttpResponse<String> last = allocator.admin("DELETE", "/api/v1/admins/admin", null);

        assertThat(last.statusCode()).isEqualTo(409);
        assertThat(json(last).path("detail").asString()).contains("last account with the admin role");
        assertThat(allocator.admin("DELETE", "/api/v1/admins/vera", null).statusCode()).isEqualTo(204);
        addAccount("grace", "admin", "grace-password-1");
        assertThat(allocator.admin("DELETE", "/api/v1/admins/admin", null).statusCode()).as("with another admin it may go").isEqualTo(204);
        assertThat(allocator.send("GET", "/api/v1/vms", null, TestAllocator.basic("admin", TestAllocator.ADMIN_PASSWORD)).statusCode()).isEqualTo(401);
        // put the shared allocator's first account back for the other tests
        allocator.jdbc.sql("INSERT INTO admin_accounts (username, password_hash, role, created_by) SELECT 'admin', password_hash, 'admin', 'test' "
                + "FROM admin_accounts WHERE username = 'grace'").update();
        allocator.send("POST", "/api/v1/admins/admin/password", "{\"password\":\"" + TestAllocator.ADMIN_PASSWORD + "\"}",
                TestAllocator.basic("grace", "grace-password-1"));
        assertThat(allocator.admin("GET", "/api/v1/vms", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aTokenWorksAsBearerIsKeptOnlyHashedAndStopsWhenRevoked() {
        HttpResponse<String> created = allocator.admin("POST", "/api/v1/tokens", "{\"name\":\"ci\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String token = json(created).path("token").asString();
        long id = json(created).path("id").asLong();
        assertThat(token).startsWith("llk_");
        assertThat(json(created).path("prefix").asString()).isEqualTo(token.substring(0, 12));

        assertThat(allocator.send("GET", "/api/v1/vms", null, "Bearer " + token).statusCode()).isEqualTo(200);
        List<Map<String, Object>> rows = allocator.jdbc.sql("SELECT * FROM admin_tokens").query().listOfRows();
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst().values().stream().map(String::valueOf)).noneMatch(v -> v.contains(token.substring(4)));
        assertThat(rows.getFirst().get("token_hash")).asString().hasSize(64);
        assertThat(rows.getFirst().get("last_used_at")).isNotNull();
        HttpResponse<String> listed = allocator.send("GET", "/api/v1/tokens", null, "Bearer " + token);
        assertThat(listed.body()).contains("\"name\":\"ci\"").doesNotContain(token);
        assertThat(allocator.admin("GET", "/api/v1/events?limit=100", null).body()).contains("TOKEN_USED");

        assertThat(allocator.admin("DELETE", "/api/v1/tokens/" + id, null).statusCode()).isEqualTo(204);

        HttpResponse<String> revoked = allocator.send("GET", "/api/v1/vms", null, "Bearer " + token);
        assertThat(revoked.statusCode()).isEqualTo(401);
        assertThat(revoked.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json(revoked).path("detail").asString()).contains("unknown or revoked");
        assertThat(allocator.send("GET", "/api/v1/vms", null, "Bearer llk_made-up").statusCode()).isEqualTo(401);
    }

    @Test
    void aViewersTokenIsReadOnlyToo() {
        addAccount("vera", "viewer", "viewer-password-1");
        String token = json(allocator.send("POST", "/api/v1/tokens", "{\"name\":\"laptop\"}", TestAllocator.basic("vera", "viewer-password-1")))
                .path("token").asString();

        assertThat(allocator.send("GET", "/api/v1/vms", null, "Bearer " + token).statusCode()).isEqualTo(200);
        assertThat(allocator.send("POST", "/api/v1/vms", "{\"count\":1}", "Bearer " + token).statusCode()).isEqualTo(403);
        assertThat(allocator.send("GET", "/api/v1/tokens?all=true", null, "Bearer " + token).statusCode()).isEqualTo(403);
        assertThat(allocator.admin("GET", "/api/v1/tokens?all=true", null).body()).contains("\"username\":\"vera\"");
        assertThat(allocator.admin("GET", "/api/v1/tokens", null).body()).isEqualTo("[]");
    }

    @Test
    void failedLoginsLockTheAccountVisiblyAndAreRecorded() {
        addAccount("grace", "admin", "grace-password-1");
        LoginThrottle throttle = allocator.context.getBean(LoginThrottle.class);
        String wrong = TestAllocator.basic("grace", "not-her-password");
        for (int i = 0; i <= LoginThrottle.ACCOUNT_FREE_FAILURES; i++) {
            throttle.succeeded("127.0.0.1"); // as if each guess came from another address
            assertThat(allocator.send("GET", "/api/v1/vms", null, wrong).statusCode()).as("guess %d", i + 1).isEqualTo(401);
        }
        throttle.succeeded("127.0.0.1");

        HttpResponse<String> locked = allocator.send("GET", "/api/v1/vms", null, TestAllocator.basic("grace", "grace-password-1"));

        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(json(locked).path("detail").asString()).contains("too many failed logins for this account");
        JsonNode grace = json(allocator.admin("GET", "/api/v1/admins", null)).valueStream()
                .filter(a -> a.path("username").asString().equals("grace")).findFirst().orElseThrow();
        assertThat(grace.path("failed_logins").asInt()).isEqualTo(LoginThrottle.ACCOUNT_FREE_FAILURES + 1);
        assertThat(grace.path("locked_until").isNull()).isFalse();
        String events = allocator.admin("GET", "/api/v1/events?limit=100", null).body();
        assertThat(events).contains("LOGIN_FAILED", "failed login as 'grace' from 127.0.0.1", "LOGIN_LOCKED", "the account 'grace' is locked out")
                .doesNotContain("not-her-password");
        assertThat(allocator.admin("GET", "/api/v1/vms", null).statusCode()).as("other accounts are not locked").isEqualTo(200);
    }

    private HttpResponse<String> get(HttpClient browser, String path) throws IOException, InterruptedException {
        return browser.send(HttpRequest.newBuilder(allocator.uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(HttpClient browser, String path, String form) throws IOException, InterruptedException {
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(get(browser, "/admin/machines").body());
        assertThat(csrf.find()).isTrue();
        return browser.send(HttpRequest.newBuilder(allocator.uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form + "&_csrf=" + csrf.group(1))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> logIn(HttpClient browser, String user, String password) throws IOException, InterruptedException {
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(get(browser, "/admin/login").body());
        assertThat(csrf.find()).isTrue();
        String form = "username=" + user + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + csrf.group(1);
        return browser.send(HttpRequest.newBuilder(allocator.uri("/admin/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAccountAddedWithoutARoleIsAViewer() {
        HttpResponse<String> added = allocator.admin("POST", "/api/v1/admins", "{\"username\":\"noor\"}");

        assertThat(added.statusCode()).isEqualTo(201);
        assertThat(json(added).path("role").asString()).isEqualTo("viewer");
    }
}
