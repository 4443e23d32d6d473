package dev.lablink.server.apps;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.web.util.HtmlUtils;

/**
 * What the app proxy answers when it cannot reach the app, or will not: a short page for a
 * browser, problem+json for anything else. Never a stack trace, and the 404 is the same whether
 * the machine exists or not.
 */
final class AppErrorPages {
    static final String NOT_FOUND = "nothing here for this browser; if this is your seat, sign in again on the request page";
    static final String NOT_ANSWERING = "the app is not answering yet; it may still be starting — try again in a moment";
    static final String NO_TUNNEL = "the machine's tunnel is not connected; its agent may still be starting — try again in a moment";

    private AppErrorPages() {
    }

    static void notFound(HttpServletRequest request, HttpServletResponse response) throws IOException {
        write(request, response, 404, "Not found", NOT_FOUND, true);
    }

    static void notAnswering(HttpServletRequest request, HttpServletResponse response) throws IOException {
        write(request, response, 502, "Bad gateway", NOT_ANSWERING, false);
    }

    static void noTunnel(HttpServletRequest request, HttpServletResponse response) throws IOException {
        write(request, response, 503, "Service unavailable", NO_TUNNEL, false);
    }

    /** An admin's browser: the app would run on the console's origin with the admin's session, so say how to open it safely. */
    static void adminsPortForward(HttpServletRequest request, HttpServletResponse response, AppAccess.Opening opening) throws IOException {
        String prefix = "/m/" + opening.machine().name() + "/" + opening.app().name() + "/";
        String detail = "admins open a participant's app from their own computer, so that the app's scripts never run with your console session: "
                + "run lablink port-forward " + opening.machine().name() + " 18080:" + opening.app().port()
                + ", then open http://localhost:18080" + prefix;
        write(request, response, 403, "Forbidden", detail, false);
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, int status, String title, String detail,
                              boolean signInLink) throws IOException {
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        String body;
        if (wantsHtml(request)) {
            response.setContentType("text/html");
            boolean retry = status == 502 || status == 503;
            if (retry) {
                response.setHeader("Retry-After", "5");
            }
            // the allocator's own error page's look (error.html): its stylesheet, header and narrow column
            body = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                    + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                    + "<title>" + status + " " + title + " · LabLink</title>"
                    + "<link rel=\"stylesheet\" href=\"" + request.getContextPath() + "/css/lablink.css\">"
                    + (retry ? "<meta http-equiv=\"refresh\" content=\"5\">" : "")
                    + "</head><body><header class=\"site-header\"><a class=\"brand\" href=\"" + request.getContextPath() + "/\">LabLink</a></header>"
                    + "<main class=\"narrow\"><h1>" + status + " " + title + "</h1><p>" + HtmlUtils.htmlEscape(detail) + ".</p>"
                    + (signInLink ? "<p><a href=\"" + request.getContextPath() + "/\">Go to the request page</a></p>" : retry ? "<p>This page reloads by itself.</p>" : "")
                    + "</main></body></html>";
        } else {
            response.setContentType("application/problem+json");
            body = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail.replace("\"", "'") + "\"}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
        response.flushBuffer();
    }

    private static boolean wantsHtml(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("text/html");
    }
}
