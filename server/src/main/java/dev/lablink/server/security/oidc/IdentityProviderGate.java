package dev.lablink.server.security.oidc;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.config.ParticipantsSettings;
import dev.lablink.server.api.ErrorBodies;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In front of Spring's sign-in redirect and callback: finds the provider (discovery, see
 * {@link OidcClientRegistrations}) and answers a 503 page saying why when it cannot be reached,
 * instead of Spring's bare 500; and remembers where the sign-in began ({@link SignInStart}).
 */
final class IdentityProviderGate extends OncePerRequestFilter {
    static final String AUTHORIZATION_PATH = "/oauth2/authorization/";
    private static final Logger log = LoggerFactory.getLogger(IdentityProviderGate.class);
    static final int RETRY_AFTER_SECONDS = 30;

    private final OidcClientRegistrations registrations;
    private final LabLinkConfig config;

    IdentityProviderGate(OidcClientRegistrations registrations, LabLinkConfig config) {
        this.registrations = registrations;
        this.config = config;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !path.startsWith(AUTHORIZATION_PATH) && !path.startsWith("/login/oauth2/code/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean starting = request.getRequestURI().substring(request.getContextPath().length()).startsWith(AUTHORIZATION_PATH);
        if (starting) {
            SignInStart start = SignInStart.fromButton(request);
            if (start == SignInStart.REQUEST_PAGE && !config.participants().is(ParticipantsSettings.OIDC)) {
                refuse(request, response, HttpServletResponse.SC_NOT_FOUND, "participants do not sign in with " + config.oidc().name()
                        + " here (participants.access is " + config.participants().access() + "); request a machine on the start page");
                return;
            }
            start.remember(request);
        }
        try {
            registrations.findByRegistrationId(OidcClientRegistrations.REGISTRATION_ID);
        } catch (IdentityProviderUnreachableException e) {
            log.warn("sign-in with {} refused: {}", config.oidc().name(), e.getMessage());
            response.setHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
            refuse(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, e.getMessage());
            return;
        }
        chain.doFilter(request, response);
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String detail) throws IOException {
        request.setAttribute(ErrorBodies.DETAIL, detail);
        response.sendError(status);
    }
}
