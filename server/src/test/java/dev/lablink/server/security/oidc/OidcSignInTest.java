package dev.lablink.server.security.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.server.TestAllocator;
import dev.lablink.server.admins.ApiTokens;
import dev.lablink.server.participant.ParticipantSession;
import java.io.ByteArrayInputStream;
import java.io.ObjectInputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Admins and participants sign in through a real OpenID provider (mock-oauth2-server, which signs
 * in at once with the claims the test enqueues), over plain HTTP, every redirect followed by hand.
 */
class OidcSignInTest {
    private static final String CLIENT_ID = "lablink-test";
    private static final ForgedTokenRoute forgedTokens = new ForgedTokenRoute();
    private static MockOAuth2Server provider;
    private static TestAllocator allocator;
    private OidcFlow browser;

    @BeforeAll
    static void start() throws Exception {
        provider = new MockOAuth2Server(forgedTokens);
        provider.start();
        allocator = TestAllocator.start(Files.createTempDirectory("lablink-oidc-"), """
                participants: {access: oidc}
                oidc:
                  issuer: %s
                  client_id: %s
                  client_secret: not-checked-by-the-mock
                  admin_values: [lab-admins]
                  viewer_values: [lab-tutors]
                  name: Uni Login
                """.formatted(provider.issuerUrl("default"), CLIENT_ID));
    }

    @AfterAll
    static void stop() {
        if (allocator != null) {
            allocator.stop();
        }
        if (provider != null) {
            provider.shutdown();
        }
    }

    @BeforeEach
    void newBrowser() {
        allocator.reset();
        allocator.jdbc.sql("DELETE FROM spring_session").update();
        browser = new OidcFlow(allocator);
    }

    /** The claims of the next ID token the provider issues; they replace its own (iss, aud, exp …) where they name the same. */
    private static void nextToken(String subject, Map<String, Object> claims) {
        provider.enqueueCallback(new DefaultOAuth2TokenCallback("default", subject, "JWT", List.of(CLIENT_ID), claims, 3600));
    }

    private List<String> events(String type) {
        return allocator.jdbc.sql("SELECT message FROM events WHERE type = :type ORDER BY id").param("type", type).query(String.class).list();
    }

    @Test
    void theLoginPageOffersTheProviderAndAnAdminOfTheGroupReachesTheConsole() {
        assertThat(browser.get("/admin/login").body()).contains("Sign in with Uni Login").contains("href=\"/oauth2/authorization/lablink\"");
        nextToken("ada", Map.of("email", "ada@uni.edu", "groups", List.of("staff", "lab-admins")));

        HttpResponse<String> console = browser.follow("/oauth2/authorization/lablink");

        assertThat(console.statusCode()).as(console.body()).isEqualTo(200);
        assertThat(console.uri().getPath()).isEqualTo("/admin");
        assertThat(browser.get("/admin/machines").statusCode()).isEqualTo(200);
        assertThat(events("OIDC_SIGN_IN")).containsExactly("ada@uni.edu signed in to the console as admin with Uni Login");
    }

    @Test
    void theAuthorizationRequestCarriesPkceStateAndNonce() {
        nextToken("ada", Map.of("groups", "lab-admins"));

        browser.follow("/oauth2/authorization/lablink");

        String query = browser.authorizationRequest().getRawQuery();
        assertThat(query).contains("code_challenge=").contains("code_challenge_method=S256").contains("state=").contains("nonce=")
                .contains("client_id=" + CLIENT_ID).contains("scope=openid%20email%20profile");
    }

    @Test
    void someoneOutsideTheAdminGroupIsRefusedTheConsole() {
        nextToken("bob", Map.of("email", "bob@uni.edu", "groups", List.of("students")));

        HttpResponse<String> refused = browser.follow("/oauth2/authorization/lablink");

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("signed in as bob@uni.edu with Uni Login, but not an admin here").doesNotContain("Exception");
        assertNotSignedIn();
        assertThat(events("OIDC_REFUSED")).hasSize(1);
    }

    @Test
    void aTutorGroupSignsInAsViewer() {
        nextToken("tim", Map.of("email", "tim@uni.edu", "groups", "lab-tutors"));

        browser.follow("/oauth2/authorization/lablink");

        assertThat(events("OIDC_SIGN_IN")).containsExactly("tim@uni.edu signed in to the console as viewer with Uni Login");
        assertThat(roleOf("sso:tim")).isEqualTo("viewer");
    }

    @Test
    void anSsoAdminsApiTokenActsWithTheRoleTheProviderLastGave() {
        nextToken("ada", Map.of("email", "ada@uni.edu", "groups", List.of("lab-admins")));
        browser.follow("/oauth2/authorization/lablink");
        String token = allocator.context.getBean(ApiTokens.class).issue("sso:ada", "laptop").token();
        assertThat(allocator.send("GET", "/api/v1/vms", null, "Bearer " + token).statusCode()).isEqualTo(200);

        // taken out of the admin group at the provider: the next sign-in removes the account and its tokens
        browser = new OidcFlow(allocator);
        nextToken("ada", Map.of("email", "ada@uni.edu", "groups", List.of("staff")));
        assertThat(browser.follow("/oauth2/authorization/lablink").statusCode()).isEqualTo(403);

        assertThat(roleOf("sso:ada")).isNull();
        assertThat(allocator.send("GET", "/api/v1/vms", null, "Bearer " + token).statusCode()).isEqualTo(401);
    }

    private String roleOf(String username) {
        return allocator.jdbc.sql("SELECT role FROM admin_accounts WHERE username = :u").param("u", username).query(String.class).optional().orElse(null);
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        nextToken("ada", Map.of("groups", "lab-admins", "aud", "some-other-app"));

        assertRefused(browser.follow("/oauth2/authorization/lablink"), 401, "the ID token was not accepted", "aud");
    }

    @Test
    void anExpiredTokenIsRefused() {
        long now = Instant.now().getEpochSecond();
        nextToken("ada", Map.of("groups", "lab-admins", "iat", now - 7200, "exp", now - 3600));

        assertRefused(browser.follow("/oauth2/authorization/lablink"), 401, "the ID token was not accepted", "exp");
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() {
        nextToken("ada", Map.of("groups", "lab-admins", "iss", "https://login.elsewhere.example/realms/lab"));

        assertRefused(browser.follow("/oauth2/authorization/lablink"), 401, "the ID token was not accepted", "iss");
    }

    @Test
    void aTokenSignedWithAKeyTheProviderDoesNotPublishIsRefused() {
        // the provider's claims, signed by another issuer's key (the mock keeps one key per issuer id)
        String forged = provider.issueToken("another-issuer", CLIENT_ID, new DefaultOAuth2TokenCallback("another-issuer", "ada", "JWT",
                List.of(CLIENT_ID), Map.of("groups", "lab-admins", "iss", provider.issuerUrl("default").toString()), 3600)).serialize();

        HttpResponse<String> refused = browser.follow("/oauth2/authorization/lablink", callback -> forgedTokens.answerNextTokenRequestWith(forged));

        assertRefused(refused, 401, "the ID token was not accepted", "Signed JWT rejected");
    }

    @Test
    void aGenuineTokenIssuedForAnotherSignInIsRefused() {
        // rightly signed, for this client and issuer, but without this sign-in's nonce (a token replayed from elsewhere)
        String replayed = provider.issueToken("default", CLIENT_ID, new DefaultOAuth2TokenCallback("default", "ada", "JWT",
                List.of(CLIENT_ID), Map.of("groups", "lab-admins"), 3600)).serialize();

        HttpResponse<String> refused = browser.follow("/oauth2/authorization/lablink", callback -> forgedTokens.answerNextTokenRequestWith(replayed));

        assertRefused(refused, 401, "the ID token was issued for another sign-in (its nonce does not match)", "");
    }

    @Test
    void theProviderSayingNoIsA403ThatSaysSo() {
        URI authorize = browser.startOnly("/oauth2/authorization/lablink");

        // what a provider sends back when the person presses "deny"
        HttpResponse<String> refused = browser.follow("/login/oauth2/code/lablink?error=access_denied&error_description=User%20cancelled&state="
                + OidcFlow.parameter(authorize, "state"));

        assertRefused(refused, 403, "Uni Login did not allow it (User cancelled)", "");
    }

    @Test
    void aCallbackWithAnotherStateIsRefused() {
        browser.startOnly("/oauth2/authorization/lablink");

        HttpResponse<String> refused = browser.follow("/login/oauth2/code/lablink?code=stolen-code&state=not-the-one-sent");

        assertRefused(refused, 401, "does not belong to a sign-in begun in this browser", "");
    }

    @Test
    void aParticipantSignsInAsTheTokensEmailAndReachesTheirSeat() throws Exception {
        allocator.insertReadyMachines(1);
        assertThat(browser.get("/").body()).contains("Sign in with Uni Login").contains("/oauth2/authorization/lablink?for=participant");
        nextToken("pia", Map.of("email", "Pia@Uni.edu", "email_verified", true, "groups", List.of("lab-admins")));

        HttpResponse<String> landed = browser.follow("/oauth2/authorization/lablink?for=participant");

        assertThat(landed.statusCode()).as(landed.body()).isEqualTo(200);
        assertThat(landed.uri().getPath()).startsWith("/seat/").isNotEqualTo(OidcSignInSuccess.PARTICIPANT_LANDING);
        assertThat(allocator.jdbc.sql("SELECT email FROM claims WHERE released_at IS NULL").query(String.class).list())
                .containsExactly("pia@uni.edu");
        assertThat(participantSessions()).containsExactly(new ParticipantSession.Identity("pia@uni.edu", "oidc"));
        assertThat(events("OIDC_SIGN_IN")).containsExactly("pia@uni.edu signed in as a participant with Uni Login");
        // signing in as a participant is no console login, whatever the groups
        assertThat(browser.follow("/admin").uri().getPath()).isEqualTo("/admin/login");
    }

    @Test
    void aParticipantWhoseEmailIsNotVerifiedIsRefused() throws Exception {
        nextToken("pia", Map.of("email", "pia@uni.edu", "email_verified", false));

        HttpResponse<String> refused = browser.follow("/oauth2/authorization/lablink?for=participant");

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("its email address pia@uni.edu is not verified there");
        assertThat(participantSessions()).isEmpty();
        assertThat(events("OIDC_REFUSED")).hasSize(1);
    }

    @Test
    void aParticipantWithoutAnEmailIsRefused() throws Exception {
        nextToken("pia", Map.of());

        HttpResponse<String> refused = browser.follow("/oauth2/authorization/lablink?for=participant");

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("signed in as pia with Uni Login, but the token carries no email address");
        assertThat(participantSessions()).isEmpty();
    }

    private void assertRefused(HttpResponse<String> refused, int status, String reason, String detail) {
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(status);
        assertThat(refused.body()).contains("sign-in with Uni Login failed").contains(reason).contains(detail)
                .contains("nothing was signed in").doesNotContain("Exception");
        assertNotSignedIn();
        assertThat(events("OIDC_REFUSED")).hasSize(1);
        assertThat(events("OIDC_SIGN_IN")).isEmpty();
    }

    private void assertNotSignedIn() {
        assertThat(browser.follow("/admin").uri().getPath()).isEqualTo("/admin/login");
    }

    /** The participants that web sessions (Spring Session's tables) are signed in as. */
    private static List<ParticipantSession.Identity> participantSessions() {
        return allocator.jdbc.sql("SELECT attribute_bytes FROM spring_session_attributes WHERE attribute_name = 'lablink.participant'")
                .query((rs, n) -> {
                    try (var in = new ObjectInputStream(new ByteArrayInputStream(rs.getBytes(1)))) {
                        return (ParticipantSession.Identity) in.readObject();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).list();
    }
}
