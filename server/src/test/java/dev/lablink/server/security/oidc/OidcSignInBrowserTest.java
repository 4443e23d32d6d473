package dev.lablink.server.security.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.server.Browser;
import dev.lablink.server.TestAllocator;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An admin signs in to the console through the identity provider in headless Chromium. Not a
 * BrowserTestBase: that one drives the shared allocator, which has no {@code oidc:} section.
 */
class OidcSignInBrowserTest {
    private static MockOAuth2Server provider;
    private static TestAllocator allocator;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        provider = new MockOAuth2Server();
        provider.start();
        allocator = TestAllocator.start(Files.createTempDirectory("lablink-oidc-browser-"), """
                oidc:
                  issuer: %s
                  client_id: lablink
                  client_secret: not-checked-by-the-mock
                  admin_values: [lab-admins]
                  name: Uni Login
                """.formatted(provider.issuerUrl("default")));
        browser = Browser.open(allocator);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (allocator != null) {
            allocator.stop();
        }
        if (provider != null) {
            provider.shutdown();
        }
    }

    @Test
    void anAdminSignsInWithTheProviderAndSeesTheConsole() {
        provider.enqueueCallback(new DefaultOAuth2TokenCallback("default", "ada", "JWT", List.of("lablink"),
                Map.of("email", "ada@uni.edu", "groups", List.of("lab-admins")), 3600));
        browser.go("/admin/login");
        assertThat(browser.text("#oidc-sign-in")).isEqualTo("Sign in with Uni Login");

        browser.click("#oidc-sign-in");

        browser.waitFor(driver -> driver.getCurrentUrl().endsWith("/admin"));
        assertThat(browser.driver.getPageSource()).contains("/admin/logout");
        assertThat(browser.policyViolations()).isEmpty();
    }
}
