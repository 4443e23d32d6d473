package dev.lablink.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lablink.server.OwnAllocatorTestBase;
import dev.lablink.server.TestAllocator;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Guessing the admin password is slowed down, over the API's HTTP Basic and the console's login form alike. */
class LoginThrottlingTest extends OwnAllocatorTestBase {
    private static final String WRONG = TestAllocator.basic("admin", "not-the-password");

    @BeforeAll
    static void start() throws IOException {
        allocator = TestAllocator.start(Files.createTempDirectory("lablink-throttle-"), 0);
    }

    @BeforeEach
    void forgetEarlierFailures() {
        allocator.context.getBean(LoginThrottle.class).succeeded("127.0.0.1");
    }

    private HttpResponse<String> vms(String authorization) {
        return allocator.send("GET", "/api/v1/vms", null, authorization);
    }

    @Test
    void wrongBasicPasswordsInARowLockTheAddressOutEvenForTheRightOne() {
        for (int i = 0; i <= LoginThrottle.FREE_FAILURES; i++) {
            assertThat(vms(WRONG).statusCode()).as("attempt %d", i + 1).isEqualTo(401);
        }

        HttpResponse<String> locked = vms(TestAllocator.basic("admin", TestAllocator.ADMIN_PASSWORD));

        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 2));
        assertThat(locked.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(locked.body()).contains("too many failed logins from this address; try again in");
        assertThat(vms(WRONG).statusCode()).as("guesses during the lockout are not even tried").isEqualTo(429);
        assertThat(vms(null).statusCode()).as("a request without credentials is no login attempt").isEqualTo(401);

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(250))
                .until(() -> allocator.admin("GET", "/api/v1/vms", null).statusCode() == 200);
        assertThat(vms(WRONG).statusCode()).as("a success starts the count again").isEqualTo(401);
    }

    @Test
    void theLoginFormSaysHowLongToWait() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        for (int i = 0; i <= LoginThrottle.FREE_FAILURES; i++) {
            assertThat(logIn(browser, "not-the-password").headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/admin/login?error"));
        }

        HttpResponse<String> refused = logIn(browser, TestAllocator.ADMIN_PASSWORD);

        assertThat(refused.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("/admin/login?throttled="));
        HttpResponse<String> loginPage = browser.send(HttpRequest.newBuilder(allocator.uri("/admin/login?throttled=2")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(loginPage.statusCode()).as("%s %s", loginPage.headers().map(), loginPage.body()).isEqualTo(200);
        assertThat(loginPage.body()).contains("Too many failed logins from this address: wait 2 s before you try again.");
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(250))
                .until(() -> logIn(browser, TestAllocator.ADMIN_PASSWORD).headers().firstValue("Location").orElse("").endsWith("/admin"));
    }

    private HttpResponse<String> logIn(HttpClient browser, String password) throws IOException, InterruptedException {
        String page = browser.send(HttpRequest.newBuilder(allocator.uri("/admin/login")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(csrf.find()).as("the login form carries its CSRF token").isTrue();
        String form = "username=admin&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + csrf.group(1);
        return browser.send(HttpRequest.newBuilder(allocator.uri("/admin/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
