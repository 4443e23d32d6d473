package dev.lablink.server.security;

import dev.lablink.server.api.ErrorBodies;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a login attempt (HTTP Basic credentials, or the console's login form) from an address
 * or for an account, that {@link LoginThrottle} has locked out: 429 with Retry-After for the API, the login page
 * with the wait in words for the form. Requests that carry no credentials pass untouched.
 */
class LoginThrottleFilter extends OncePerRequestFilter {
    private final LoginThrottle throttle;

    LoginThrottleFilter(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<LoginThrottle.Wait> wait = isLoginAttempt(request)
                ? throttle.waitFor(request.getRemoteAddr(), accountOf(request)) : Optional.empty();
        if (wait.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        long seconds = Math.max(1, (wait.get().left().toMillis() + 999) / 1000);
        boolean account = wait.get().scope() == LoginThrottle.Scope.ACCOUNT;
        response.setHeader("Retry-After", Long.toString(seconds));
        if (isFormLogin(request)) {
            response.sendRedirect(request.getContextPath() + SecurityConfiguration.LOGIN_PAGE + "?throttled=" + seconds + (account ? "&account" : ""));
            return;
        }
        ErrorBodies.write(response, request.getServletPath(), 429, "too many failed logins "
                + (account ? "for this account" : "from this address") + "; try again in " + seconds + " s", null);
    }

    /** The account name the attempt is for: the form's username, or the user in the Basic header. */
    static String accountOf(HttpServletRequest request) {
        if (isFormLogin(request)) {
            return request.getParameter("username");
        }
        String authorization = request.getHeader("Authorization");
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null; // Spring's Basic filter answers the malformed header
        }
    }

    private static boolean isLoginAttempt(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        return isFormLogin(request) || (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6));
    }

    private static boolean isFormLogin(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && SecurityConfiguration.LOGIN_PAGE.equals(request.getServletPath());
    }
}
