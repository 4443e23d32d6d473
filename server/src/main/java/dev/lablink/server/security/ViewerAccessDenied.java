package dev.lablink.server.security;

import dev.lablink.server.api.ErrorBodies;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

/**
 * 403 for a signed-in account that may not do this (a viewer trying a change) that says so:
 * problem+json on the API, the error page in the console. A form without its CSRF token keeps
 * the error page's own explanation.
 */
class ViewerAccessDenied implements AccessDeniedHandler {
    static final String READ_ONLY = "viewer accounts are read only; ask an admin";

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e) throws IOException {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        boolean viewer = !(e instanceof CsrfException) && caller != null
                && caller.getAuthorities().stream().anyMatch(a -> "ROLE_VIEWER".equals(a.getAuthority()));
        if (ErrorBodies.isApi(request.getServletPath())) {
            ErrorBodies.write(response, request.getServletPath(), 403, viewer ? READ_ONLY : ErrorBodies.defaultDetail(403), null);
            return;
        }
        if (viewer) {
            request.setAttribute(ErrorBodies.DETAIL, READ_ONLY);
        }
        response.sendError(HttpServletResponse.SC_FORBIDDEN);
    }
}
