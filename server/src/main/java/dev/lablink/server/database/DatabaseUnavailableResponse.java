package dev.lablink.server.database;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The answer while the database cannot be reached: 503 with Retry-After, in the shape each client
 * reads (problem+json for the API, the compat protocol's {@code {"error": …}}, a page that
 * reloads itself for browsers). Written directly, as it must work without the database.
 */
public final class DatabaseUnavailableResponse {
    public static final int RETRY_AFTER_SECONDS = 5;
    private static final String DETAIL = "the allocator's database is unavailable (restarting or unreachable); retry in a few seconds";

    private DatabaseUnavailableResponse() {
    }

    public static void write(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.resetBuffer();
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
        response.setCharacterEncoding("UTF-8");
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/api/v1/") || path.startsWith("/actuator/")) {
            response.setContentType("application/problem+json");
            response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\"" + DETAIL + "\"}");
        } else if (path.startsWith("/api/") || path.equals("/vm_startup")) {
            response.setContentType("application/json");
            response.getWriter().write("{\"error\":\"The allocator's database is unavailable; retry in a few seconds.\"}");
        } else {
            response.setContentType("text/html");
            response.getWriter().write("""
                    <!DOCTYPE html>
                    <html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="%d">
                    <title>LabLink: back in a moment</title><link rel="stylesheet" href="/css/lablink.css"></head>
                    <body><main class="narrow"><h1>Back in a moment</h1>
                    <p>The allocator's database is restarting. This page reloads by itself; nothing you did was lost.</p>
                    </main></body></html>
                    """.formatted(RETRY_AFTER_SECONDS));
        }
        response.flushBuffer();
    }
}
