package dev.lablink.server.security;

import dev.lablink.server.api.ErrorBodies;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/** What the bearer-token filters (API tokens, seat tokens) do once they know the token: refuse it in words, or go on as its owner. */
final class BearerAnswers {
    private BearerAnswers() {
    }

    /** A 401 at once, saying why, rather than a fall back to other credentials. */
    static void refuse(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer realm=\"lablink\", error=\"invalid_token\"");
        ErrorBodies.write(response, request.getServletPath(), 401, detail, null);
    }

    /** The rest of the chain as {@code authentication}, for this request only. */
    static void continueAs(Authentication authentication, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
