package dev.lablink.server.security.oidc;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import okhttp3.Headers;

/** A route of the mock provider: while armed, its token endpoint answers once with a given ID token instead of its own. */
final class ForgedTokenRoute implements Route {
    private final AtomicReference<String> next = new AtomicReference<>();

    void answerNextTokenRequestWith(String idToken) {
        next.set(idToken);
    }

    @Override
    public boolean match(OAuth2HttpRequest request) {
        return next.get() != null && request.getUrl().encodedPath().endsWith("/token");
    }

    @Override
    public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
        String token = next.getAndSet(null);
        String body = "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"id_token\":\"" + token + "\"}";
        return new OAuth2HttpResponse(Headers.of("Content-Type", "application/json"), 200, body, body.getBytes(StandardCharsets.UTF_8));
    }
}
