package dev.lablink.server.api;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * Error bodies written outside Spring MVC's handlers (Tomcat's error report, the error dispatch,
 * servlet filters, Spring Security): problem+json for the API, {@code {"error": …}} for LabLink's
 * client routes, so every error under /api has the shape its client expects.
 */
public final class ErrorBodies {
    /** A request attribute that carries a detail for the error dispatch to show. */
    public static final String DETAIL = ErrorBodies.class.getName() + ".detail";
    /** A request attribute naming the parameter or field at fault. */
    public static final String FIELD = ErrorBodies.class.getName() + ".field";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ErrorBodies() {
    }

    /** Whether an error at this path is answered as JSON (the API or the client protocol) rather than an HTML page. */
    public static boolean isApi(String path) {
        return path != null && (path.startsWith("/api/") || path.equals("/api") || CompatPaths.matches(path));
    }

    public static void write(HttpServletResponse response, String path, int status, String detail, String field) throws IOException {
        byte[] body = body(path, status, detail, field);
        response.setStatus(status);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentType(CompatPaths.matches(path) ? "application/json" : "application/problem+json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    static byte[] body(String path, int status, String detail, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (CompatPaths.matches(path)) {
            body.put("error", detail);
        } else {
            HttpStatus known = HttpStatus.resolve(status);
            body.put("type", "about:blank");
            body.put("title", known == null ? "Error" : known.getReasonPhrase());
            body.put("status", status);
            body.put("detail", detail);
            if (path != null) {
                body.put("instance", Quote.path(path));
            }
            if (field != null) {
                body.put("field", field);
            }
        }
        return JSON.writeValueAsBytes(body);
    }

    /** What to say for a status when nothing more specific is known. */
    public static String defaultDetail(int status) {
        return switch (status) {
            case 400 -> "the request was refused: its address holds something not allowed ('..', ';', '//', an encoded '/', '\\' "
                    + "or '%', a control character or a bad percent-encoding) or its request line or headers are malformed or "
                    + "over 8 kB; send a plain address";
            case 401 -> "credentials are required";
            case 403 -> "forbidden: a form was sent without its CSRF token, or these credentials may not do this";
            case 404 -> "nothing at this address; the API's operations are listed at /api/v1/docs";
            case 405 -> "this method is not allowed at this address; see /api/v1/docs";
            case 413 -> "the request body is too large";
            case 415 -> "unsupported content type; send application/json";
            case 503 -> "the allocator cannot serve this now; try again shortly";
            default -> status >= 500 ? "the allocator hit an unexpected error; the admin can find it in the allocator's log"
                    : "the request was refused (" + status + ")";
        };
    }
}
