package dev.lablink.server.database;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In front of everything that reads the database (web sessions, the admin's password, machine
 * tokens): while it is unreachable, requests that need it answer 503 at once instead of waiting
 * for the pool and failing with a stack trace, or answering 401 because the admin could not be
 * looked up. Static files are still served. A request that meets the outage first reports it.
 */
@Component
class DatabaseUnavailableFilter extends OncePerRequestFilter implements Ordered {
    /** Before Spring Session's filter (Integer.MIN_VALUE + 50), which loads sessions from PostgreSQL. */
    static final int ORDER = Integer.MIN_VALUE + 20;

    private final DatabaseState state;

    DatabaseUnavailableFilter(DatabaseState state) {
        this.state = state;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (state.isUnreachable() && needsDatabase(request)) {
            DatabaseUnavailableResponse.write(request, response);
            return;
        }
        try {
            chain.doFilter(request, response);
        } catch (ServletException | IOException | RuntimeException e) {
            if (!DatabaseFailures.isUnreachable(e) || response.isCommitted()) {
                throw e;
            }
            state.unreachable(e);
            DatabaseUnavailableResponse.write(request, response);
        }
    }

    private static boolean needsDatabase(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(path.startsWith("/css/") || path.startsWith("/js/") || path.equals("/favicon.ico") || path.startsWith("/actuator/health"));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
