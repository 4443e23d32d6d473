package dev.lablink.server.apps;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.config.SessionApp;
import dev.lablink.server.allocation.ClaimRepository;
import dev.lablink.server.machines.Machine;
import dev.lablink.server.machines.MachineRepository;
import dev.lablink.server.participant.ParticipantSession;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Who may open {@code /m/<machine>/<app>/}: the participant whose browser session holds the
 * machine's active claim. Admin accounts signed into the console are recognised but not let
 * through ({@link Opening#byAdmin()}): the app is served from the console's own origin and the
 * participant controls what it runs, so its scripts would act with the admin's console session;
 * admins open apps with {@code lablink port-forward} on their own computer instead. Viewers are
 * not recognised at all: an app is a shell on the participant's machine, not something to read.
 * Everyone else gets empty, whether the machine or the app exists or not, so the answer tells
 * them nothing.
 */
@Component
public class AppAccess {
    private final LabLinkConfig config;
    private final MachineRepository machines;
    private final ClaimRepository claims;

    /** What one request may reach, and as whom (the actor of its events). */
    public record Opening(Machine machine, SessionApp app, String actor, boolean byAdmin) {
    }

    public AppAccess(LabLinkConfig config, MachineRepository machines, ClaimRepository claims) {
        this.config = config;
        this.machines = machines;
        this.claims = claims;
    }

    public Optional<Opening> check(HttpServletRequest request, AppAddress address) {
        Optional<SessionApp> app = config.session().app(address.app());
        if (app.isEmpty()) {
            return Optional.empty();
        }
        Optional<Machine> machine = machines.findByName(address.machine());
        if (machine.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> participant = ParticipantSession.of(request).map(ParticipantSession.Identity::email)
                .filter(email -> claims.activeClaimOn(machine.get().id()).map(claim -> claim.email().equalsIgnoreCase(email)).orElse(false));
        if (participant.isPresent()) {
            return Optional.of(new Opening(machine.get(), app.get(), "participant:" + participant.get(), false));
        }
        return admin().map(user -> new Opening(machine.get(), app.get(), "admin:" + user, true));
    }

    private static Optional<String> admin() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()) {
            return Optional.empty();
        }
        boolean isAdmin = authentication.getAuthorities().stream().anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority()));
        return isAdmin ? Optional.of(authentication.getName()) : Optional.empty();
    }
}
