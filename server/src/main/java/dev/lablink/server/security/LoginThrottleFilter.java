package dev.lablink.server.security;

import dev.lablink.server.api.ErrorBodies;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a login attempt (HTTP Basic credentials, or the console's login form) from an address
 * that {@link LoginThrottle} has locked out: 429 with Retry-After for the API, the login page
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
        Optional<Duration> wait = isLoginAttempt(request) ? throttle.waitFor(request.getRemoteAddr()) : Optional.empty();
        if (wait.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
        response.setHeader("Retry-After", Long.toString(seconds));
        if (isFormLogin(request)) {
            response.sendRedirect(request.getContextPath() + SecurityConfiguration.LOGIN_PAGE + "?throttled=" + seconds);
            return;
        }
        ErrorBodies.write(response, request.getServletPath(), 429,
                "too many failed logins from this address; try again in " + seconds + " s", null);
    }

    private static boolean isLoginAttempt(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        return isFormLogin(request) || (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6));
    }

    private static boolean isFormLogin(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && SecurityConfiguration.LOGIN_PAGE.equals(request.getServletPath());
    }
}
