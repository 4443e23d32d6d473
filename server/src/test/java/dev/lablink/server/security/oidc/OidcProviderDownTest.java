package dev.lablink.server.security.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.server.TestAllocator;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An identity provider that is down when the allocator starts neither stops it nor breaks the sign-in button. */
class OidcProviderDownTest {
    private static TestAllocator allocator;
    private static String issuer;

    @BeforeAll
    static void start() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        issuer = "http://127.0.0.1:" + closedPort + "/realms/lab";
        allocator = TestAllocator.start(Files.createTempDirectory("lablink-oidc-down-"), """
                oidc: {issuer: "%s", client_id: lablink, name: Uni Login}
                """.formatted(issuer));
    }

    @AfterAll
    static void stop() {
        if (allocator != null) {
            allocator.stop();
        }
    }

    @Test
    void theSignInButtonSaysTheProviderCannotBeReachedAndTheConsoleLoginStillWorks() {
        OidcFlow browser = new OidcFlow(allocator);
        assertThat(browser.get("/admin/login").body()).contains("Sign in with Uni Login");

        HttpResponse<String> down = browser.follow("/oauth2/authorization/lablink");

        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.headers().firstValue("Retry-After")).contains("30");
        assertThat(down.body()).contains("the identity provider at " + issuer + " cannot be reached: Connection refused; try again")
                .doesNotContain("Exception");
        assertThat(allocator.admin("GET", "/api/v1/vms", null).statusCode()).isEqualTo(200);
    }

    @Test
    void participantsDoNotSignInWithTheProviderUnlessTheirAccessModeIsOidc() {
        HttpResponse<String> refused = new OidcFlow(allocator).follow("/oauth2/authorization/lablink?for=participant");

        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.body()).contains("participants do not sign in with Uni Login here (participants.access is open)");
        assertThat(new OidcFlow(allocator).get("/").body()).doesNotContain("Sign in with Uni Login");
    }
}
