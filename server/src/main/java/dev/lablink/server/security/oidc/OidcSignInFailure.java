package dev.lablink.server.security.oidc;

import dev.lablink.core.config.OidcSettings;
import dev.lablink.server.api.ErrorBodies;
import dev.lablink.server.events.EventRepository;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * A sign-in the provider or Spring's checks refused (the provider said no, the state did not
 * match, the ID token's audience, issuer, expiry or signature was wrong): a 401 or 403 page that
 * says in one line what failed, an event, and nothing signed in.
 */
final class OidcSignInFailure implements AuthenticationFailureHandler {
    private static final Logger log = LoggerFactory.getLogger(OidcSignInFailure.class);
    /** Spring's wording before every reason a token fails its checks; the reason itself says more. */
    private static final String DECODE_PREFIX = "An error occurred while attempting to decode the Jwt: ";

    private final OidcSettings oidc;
    private final EventRepository events;

    OidcSignInFailure(OidcSettings oidc, EventRepository events) {
        this.oidc = oidc;
        this.events = events;
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        SignInStart.takeFrom(request);
        OAuth2Error error = exception instanceof OAuth2AuthenticationException oauth ? oauth.getError() : null;
        String code = error == null ? "" : error.getErrorCode();
        String detail = "sign-in with " + oidc.name() + " failed: " + what(code, error == null ? exception.getMessage() : error.getDescription())
                + "; nothing was signed in";
        log.info("{}", detail);
        events.record("oidc", null, "OIDC_REFUSED", detail);
        request.setAttribute(ErrorBodies.DETAIL, detail);
        response.sendError("access_denied".equals(code) ? HttpServletResponse.SC_FORBIDDEN : HttpServletResponse.SC_UNAUTHORIZED);
    }

    private String what(String code, String description) {
        String reason = description == null || description.isBlank() ? code : oneLine(description);
        return switch (code) {
            case "access_denied" -> oidc.name() + " did not allow it (" + reason + ")";
            case "authorization_request_not_found", "invalid_state_parameter" ->
                    "the answer from " + oidc.name() + " does not belong to a sign-in begun in this browser (its state does not match, "
                            + "or the sign-in took too long); press the sign-in button again";
            case "invalid_id_token" -> "the ID token was not accepted: " + reason.replace(DECODE_PREFIX, "");
            case "invalid_nonce" -> "the ID token was issued for another sign-in (its nonce does not match)";
            case "invalid_token_response" -> "the token endpoint of " + oidc.name() + " did not answer properly: " + reason;
            default -> reason;
        };
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
