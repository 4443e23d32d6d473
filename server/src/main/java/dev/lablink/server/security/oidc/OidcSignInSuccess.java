package dev.lablink.server.security.oidc;

import dev.lablink.core.config.OidcSettings;
import dev.lablink.server.admins.AdminRepository;
import dev.lablink.server.admins.Role;
import dev.lablink.server.api.ErrorBodies;
import dev.lablink.server.events.EventRepository;
import dev.lablink.server.participant.ParticipantSession;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Locale;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/**
 * After Spring has verified the ID token: a sign-in begun at the console lands there when the
 * token carries an admin or viewer role and is undone with a 403 otherwise; one begun at the
 * request page becomes a participant's session for the token's email, with no console login.
 */
final class OidcSignInSuccess implements AuthenticationSuccessHandler {
    /** Claims for the signed-in participant (or asks for their CRD command first) and leads to their seat. */
    static final String PARTICIPANT_LANDING = "/seat/claim";
    static final String CONSOLE = "/admin";

    private final OidcSettings oidc;
    private final AdminRepository admins;
    private final EventRepository events;
    private final SavedRequestAwareAuthenticationSuccessHandler console = new SavedRequestAwareAuthenticationSuccessHandler();

    OidcSignInSuccess(OidcSettings oidc, EventRepository events, AdminRepository admins) {
        this.oidc = oidc;
        this.events = events;
        this.admins = admins;
        console.setDefaultTargetUrl(CONSOLE);
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException, jakarta.servlet.ServletException {
        OidcUser user = (OidcUser) authentication.getPrincipal();
        if (SignInStart.takeFrom(request) == SignInStart.REQUEST_PAGE) {
            participant(request, response, user);
        } else {
            admin(request, response, authentication, user);
        }
    }

    private void admin(HttpServletRequest request, HttpServletResponse response, Authentication authentication, OidcUser user)
            throws IOException, jakarta.servlet.ServletException {
        String who = displayName(user);
        String role = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.equals(OidcRoles.ADMIN) || a.equals(OidcRoles.VIEWER)).findFirst().orElse(null);
        if (role == null) {
            admins.deleteSingleSignOn(user.getName());
            new SecurityContextLogoutHandler().logout(request, response, authentication);
            refuse(request, response, who, "signed in as " + who + " with " + oidc.name() + ", but not an admin here: the token's "
                    + oidc.adminClaim() + " claim holds none of " + describe(oidc.adminValues()) + "; ask an admin to add you to the group");
            return;
        }
        String as = role.equals(OidcRoles.ADMIN) ? "admin" : "viewer";
        admins.saveSingleSignOn(user.getName(), role.equals(OidcRoles.ADMIN) ? Role.ADMIN : Role.VIEWER, "oidc:" + who);
        events.record("oidc:" + who, null, "OIDC_SIGN_IN", who + " signed in to the console as " + as + " with " + oidc.name());
        console.onAuthenticationSuccess(request, response, authentication);
    }

    private void participant(HttpServletRequest request, HttpServletResponse response, OidcUser user) throws IOException {
        forgetSpringLogin(request);
        String who = displayName(user);
        String email = user.getEmail();
        if (email == null || email.isBlank()) {
            refuse(request, response, who, "signed in as " + who + " with " + oidc.name() + ", but the token carries no email address; "
                    + "ask the admin to release the email claim (scope email) to LabLink");
            return;
        }
        if (Boolean.FALSE.equals(user.getEmailVerified())) {
            refuse(request, response, who, "signed in as " + who + " with " + oidc.name() + ", but its email address " + email
                    + " is not verified there; verify it with " + oidc.name() + " and sign in again");
            return;
        }
        String address = email.strip().toLowerCase(Locale.ROOT);
        ParticipantSession.signIn(request, address, "oidc");
        events.record("oidc:" + address, null, "OIDC_SIGN_IN", address + " signed in as a participant with " + oidc.name());
        response.sendRedirect(request.getContextPath() + PARTICIPANT_LANDING);
    }

    /** A participant's sign-in proves the email only; it must not leave a console login behind. */
    private static void forgetSpringLogin(HttpServletRequest request) {
        SecurityContextHolder.clearContext();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String who, String detail) throws IOException {
        events.record("oidc:" + who, null, "OIDC_REFUSED", detail);
        request.setAttribute(ErrorBodies.DETAIL, detail);
        response.sendError(HttpServletResponse.SC_FORBIDDEN);
    }

    static String displayName(OidcUser user) {
        for (String candidate : new String[] {user.getEmail(), user.getPreferredUsername(), user.getSubject()}) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate;
            }
        }
        return "someone";
    }

    private static String describe(java.util.List<String> values) {
        return values.isEmpty() ? "the oidc.admin_values (none are configured)" : String.join(", ", values);
    }
}
