package dev.lablink.server.admins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.server.TestAllocator;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console's Admins page: accounts with their lock-out, adding one, and your own tokens, each secret shown once. */
class AdminsPageTest {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern SECRET = Pattern.compile("<code class=\"secret\">([^<]+)</code>");
    private final TestAllocator allocator = TestAllocator.shared();
    private HttpClient browser;

    @BeforeEach
    void logIn() throws Exception {
        allocator.reset();
        browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpResponse<String> login = post("/admin/login", "username=admin&password=" + TestAllocator.ADMIN_PASSWORD);
        assertThat(login.headers().firstValue("Location").orElse("")).endsWith("/admin");
    }

    @Test
    void anAdminAddsAnAccountAndSeesItsPasswordOnce() throws Exception {
        assertThat(get("/admin").body()).contains("href=\"/admin/admins\"");
        assertThat(get("/admin/admins").body()).as("the form offers the least power first, as the API and CLI default")
                .contains("<option value=\"viewer\" selected=\"selected\">viewer</option>");

        HttpResponse<String> added = post("/admin/admins", "username=vera&role=viewer&password=");

        assertThat(added.statusCode()).isEqualTo(200);
        assertThat(added.body()).contains("Added vera with role viewer.", "The password of vera, shown only this once:");
        Matcher secret = SECRET.matcher(added.body());
        assertThat(secret.find()).isTrue();
        assertThat(allocator.send("GET", "/api/v1/vms", null, TestAllocator.basic("vera", secret.group(1))).statusCode()).isEqualTo(200);
        String page = get("/admin/admins").body();
        assertThat(page).contains("data-admin=\"vera\"").doesNotContain(secret.group(1));
    }

    @Test
    void badInputIsShownAtTheForm() throws Exception {
        HttpResponse<String> refused = post("/admin/admins", "username=vera&role=owner&password=");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("is not a role; role must be one of admin, viewer");
        HttpResponse<String> last = post("/admin/admins/admin/remove", "");
        assertThat(last.statusCode()).isEqualTo(409);
        assertThat(last.body()).contains("last account with the admin role");
    }

    @Test
    void aTokenIsShownOnceThenListedByItsPrefixAndCanBeRevoked() throws Exception {
        HttpResponse<String> created = post("/admin/admins/tokens", "name=laptop");

        Matcher secret = SECRET.matcher(created.body());
        assertThat(secret.find()).as(created.body()).isTrue();
        String token = secret.group(1);
        assertThat(allocator.send("GET", "/api/v1/vms", null, "Bearer " + token).statusCode()).isEqualTo(200);
        String page = get("/admin/admins").body();
        assertThat(page).contains(token.substring(0, 12) + "…").doesNotContain(token);
        long id = allocator.jdbc.sql("SELECT id FROM admin_tokens").query(Long.class).single();

        assertThat(post("/admin/admins/tokens/" + id + "/revoke", "").body()).contains("Revoked API token " + id);
        assertThat(allocator.send("GET", "/api/v1/vms", null, "Bearer " + token).statusCode()).isEqualTo(401);
    }

    @Test
    void aViewerSeesNoChangeButtonsButMakesTheirOwnToken() throws Exception {
        allocator.admin("POST", "/api/v1/admins", "{\"username\":\"vera\",\"role\":\"viewer\",\"password\":\"viewer-password-1\"}");
        browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        post("/admin/login", "username=vera&password=viewer-password-1");

        String page = get("/admin/admins").body();

        assertThat(page).contains("vera (you)").doesNotContain("Reset password").doesNotContain("Add an account");
        assertThat(post("/admin/admins/tokens", "name=laptop").body()).contains("Created API token laptop.");
        HttpResponse<String> refused = post("/admin/admins", "username=eve&role=admin&password=");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("viewer accounts are read only; ask an admin");
    }

    @Test
    void cliLoginHandsAOneTimeCodeToTheLoopbackListenerThatTradesItOnceForAToken() throws Exception {
        String verifier = "a-verifier-of-the-cli-0123456789abcdef";
        String challenge = CliLogins.challengeOf(verifier);
        String query = "port=54321&state=state-of-the-cli-1&challenge=" + challenge;
        assertThat(get("/admin/cli-login?" + query).body()).contains("Allow the lablink CLI to act as admin?");

        HttpResponse<String> allowed = post("/admin/cli-login", query);

        Matcher callback = Pattern.compile("http://127\\.0\\.0\\.1:54321/callback\\?state=state-of-the-cli-1&amp;code=([A-Za-z0-9_-]+)").matcher(allowed.body());
        assertThat(callback.find()).as(allowed.body()).isTrue();
        String code = callback.group(1);
        HttpResponse<String> wrong = allocator.anonymous("POST", "/api/v1/cli-login/token", "{\"code\":\"" + code + "\",\"verifier\":\"not-it-0123456789\"}");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).as("a wrong verifier spends the code too").contains("\"field\":\"verifier\"");

        String second = post("/admin/cli-login", query).body();
        Matcher again = Pattern.compile("code=([A-Za-z0-9_-]+)").matcher(second);
        assertThat(again.find()).isTrue();
        HttpResponse<String> traded = allocator.anonymous("POST", "/api/v1/cli-login/token",
                "{\"code\":\"" + again.group(1) + "\",\"verifier\":\"" + verifier + "\"}");
        assertThat(traded.statusCode()).as(traded.body()).isEqualTo(200);
        String token = tools.jackson.databind.json.JsonMapper.builder().build().readTree(traded.body()).path("token").asString();
        assertThat(allocator.send("GET", "/api/v1/vms", null, "Bearer " + token).statusCode()).isEqualTo(200);
        assertThat(allocator.anonymous("POST", "/api/v1/cli-login/token",
                "{\"code\":\"" + again.group(1) + "\",\"verifier\":\"" + verifier + "\"}").statusCode()).as("once only").isEqualTo(400);
        assertThat(get("/admin/cli-login?port=80&state=state-of-the-cli-1&challenge=" + challenge).statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return browser.send(HttpRequest.newBuilder(allocator.uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String form) throws IOException, InterruptedException {
        Matcher csrf = CSRF.matcher(get("/admin/login").body());
        assertThat(csrf.find()).isTrue();
        String body = form + (form.isEmpty() ? "" : "&") + "_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        return browser.send(HttpRequest.newBuilder(allocator.uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
