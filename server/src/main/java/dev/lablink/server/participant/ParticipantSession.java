package dev.lablink.server.participant;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.util.Optional;

/**
 * Who the participant in this browser is. A seat belongs to the browser session that claimed it
 * or signed in for it, never to whoever types an email: the seat page and everything acting on a
 * seat check {@link #of} against the claim's email.
 */
public final class ParticipantSession {
    static final String ATTRIBUTE = "lablink.participant";

    /** @param via how the email was learnt: {@code typed} (open and roster modes), {@code link} (mailed sign-in link) or {@code oidc} */
    public record Identity(String email, String via) implements Serializable {
    }

    private ParticipantSession() {
    }

    public static Optional<Identity> of(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session != null && session.getAttribute(ATTRIBUTE) instanceof Identity identity ? Optional.of(identity) : Optional.empty();
    }

    /** Binds the browser to {@code email}; a new session id each time, so a planted session cookie gains nothing. */
    public static void signIn(HttpServletRequest request, String email, String via) {
        if (request.getSession(false) != null) {
            request.changeSessionId();
        }
        request.getSession(true).setAttribute(ATTRIBUTE, new Identity(email, via));
    }

    public static boolean isSignedInAs(HttpServletRequest request, String email) {
        return of(request).map(identity -> identity.email().equalsIgnoreCase(email)).orElse(false);
    }
}
