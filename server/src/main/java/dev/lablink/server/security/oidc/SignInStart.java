package dev.lablink.server.security.oidc;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * Where a sign-in through the provider began, kept in the web session from the sign-in button to
 * the callback: the console's login page (an admin signing in) or the request page (a participant).
 * The roles still come only from the verified token; this decides where the person lands.
 */
enum SignInStart {
    CONSOLE, REQUEST_PAGE;

    /** The button's query parameter: {@code /oauth2/authorization/lablink?for=participant}. */
    static final String PARAMETER = "for";
    static final String PARTICIPANT = "participant";
    private static final String ATTRIBUTE = "lablink.oidc.start";

    static SignInStart fromButton(HttpServletRequest request) {
        return PARTICIPANT.equals(request.getParameter(PARAMETER)) ? REQUEST_PAGE : CONSOLE;
    }

    void remember(HttpServletRequest request) {
        request.getSession(true).setAttribute(ATTRIBUTE, name());
    }

    /** The start remembered for this browser, forgotten as it is read: a callback is used once. */
    static SignInStart takeFrom(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(ATTRIBUTE) instanceof String start)) {
            return CONSOLE;
        }
        session.removeAttribute(ATTRIBUTE);
        return valueOf(start);
    }
}
