package dev.lablink.server.security;

import dev.lablink.server.database.DatabaseFailures;
import dev.lablink.server.database.DatabaseUnavailableResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * 401 as problem+json that says only that credentials are needed, never why the given ones failed;
 * 503 when they could not be checked because the database is unreachable (they may well be right).
 */
class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {
    private final String challenge;
    private final String detail;

    ProblemAuthenticationEntryPoint(String challenge, String detail) {
        this.challenge = challenge;
        this.detail = detail;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        if (DatabaseFailures.isUnreachable(e)) {
            DatabaseUnavailableResponse.write(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", challenge);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"" + detail + "\"}");
    }
}
