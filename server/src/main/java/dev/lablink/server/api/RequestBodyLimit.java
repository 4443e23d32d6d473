package dev.lablink.server.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A body declared larger than its route takes is refused with 413 before it is read: no API body
 * needs more than 1 MB, except agents' and clients' log batches (up to 32 MB).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestBodyLimit extends OncePerRequestFilter {
    static final long MAX_BYTES = 1024 * 1024;
    static final long MAX_LOG_BYTES = 32L * 1024 * 1024;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        long limit = path.equals("/api/v1/agent/logs") || path.startsWith("/api/vm-logs") ? MAX_LOG_BYTES : MAX_BYTES;
        long length = request.getContentLengthLong();
        if (length <= limit) {
            chain.doFilter(request, response);
            return;
        }
        String detail = "the body is " + length + " bytes; this address takes at most " + limit / (1024 * 1024) + " MB";
        if (ErrorBodies.isApi(path)) {
            ErrorBodies.write(response, path, 413, detail, null);
        } else {
            request.setAttribute(ErrorBodies.DETAIL, detail);
            response.sendError(413);
        }
    }
}
