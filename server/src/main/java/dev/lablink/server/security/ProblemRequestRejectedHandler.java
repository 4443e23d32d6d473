package dev.lablink.server.security;

import dev.lablink.server.api.ErrorBodies;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * A request Spring Security's firewall refused ({@code ..}, {@code ;x=1}, {@code //} in the path)
 * goes to the error dispatch as a 400 that says why, so it answers in the shape of its address
 * (problem+json, the client protocol's JSON or the error page) instead of Spring's default JSON.
 */
class ProblemRequestRejectedHandler implements RequestRejectedHandler {
    private static final int MAX_CHARS = 160;

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e) throws IOException {
        String why = String.valueOf(e.getMessage()).replaceAll("\\p{Cntrl}", "?");
        request.setAttribute(ErrorBodies.DETAIL, (why.length() > MAX_CHARS ? why.substring(0, MAX_CHARS) + "…" : why)
                + "; send a plain address without '..', ';', '//', encoded '/', '\\\\' or '%'");
        response.sendError(HttpServletResponse.SC_BAD_REQUEST);
    }
}
