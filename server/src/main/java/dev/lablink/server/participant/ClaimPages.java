package dev.lablink.server.participant;

import dev.lablink.core.config.ConnectSettings;
import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.config.ParticipantsSettings;
import dev.lablink.server.allocation.Claim;
import dev.lablink.server.allocation.ClaimService;
import dev.lablink.server.allocation.CrdSecrets;
import dev.lablink.server.allocation.NoFreeSeatException;
import dev.lablink.server.allocation.ReleaseService;
import dev.lablink.server.allocation.SeatPageKeys;
import dev.lablink.server.api.BadRequestException;
import dev.lablink.server.health.SessionAppLinks;
import dev.lablink.server.machines.Machine;
import dev.lablink.server.machines.MachineRepository;
import dev.lablink.server.roster.ParticipantEligibility;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * A claim made from a form, and the page that follows: what the seat was given to, the form again
 * with the problem at its field (400), or the no-seat page (409). Our request page and LabLink's
 * request form ({@code /api/request_vm}) both answer through it.
 *
 * <p>A seat belongs to the browser that claimed it: a successful claim signs the browser in as
 * the email ({@link ParticipantSession}), and an email that already has a seat elsewhere is
 * never shown or touched from another browser. With mail (email mode, or roster mode when
 * {@code mail.host} is set) the typed email only gets a sign-in link; the seat follows its use.
 */
@Component
public class ClaimPages {
    private final ClaimService claims;
    private final ReleaseService releases;
    private final CrdSecrets crd;
    private final LabLinkConfig config;
    private final ParticipantEligibility eligibility;
    private final SignInLinks links;
    private final RequestPageText text;
    private final ClaimRateLimit newClaims;
    private final boolean openMode;
    private final boolean byMail;
    private final boolean oidcMode;
    private final SessionAppLinks apps;
    private final MachineRepository machines;
    private final SeatSsh ssh;

    public ClaimPages(ClaimService claims, ReleaseService releases, CrdSecrets crd, LabLinkConfig config,
                      ParticipantEligibility eligibility, SignInLinks links, RequestPageText text,
                      SessionAppLinks apps, MachineRepository machines, SeatSsh ssh) {
        this.apps = apps;
        this.machines = machines;
        this.ssh = ssh;
        this.text = text;
        this.claims = claims;
        this.releases = releases;
        this.crd = crd;
        this.config = config;
        this.eligibility = eligibility;
        this.links = links;
        ParticipantsSettings participants = config.participants();
        this.newClaims = new ClaimRateLimit(Clock.systemUTC(), participants.claimsPerMinute());
        this.openMode = participants.is(ParticipantsSettings.OPEN);
        this.oidcMode = participants.is(ParticipantsSettings.OIDC);
        this.byMail = participants.is(ParticipantsSettings.EMAIL) || (participants.is(ParticipantsSettings.ROSTER) && links.mailConfigured());
    }

    /**
     * @param sendLink the participant asked for a sign-in link (open mode, their email has a seat elsewhere)
     * @param onClaimed the view for the participant's (new or existing) claim
     */
    public String claim(HttpServletRequest request, String rawEmail, String crdCommand, boolean sendLink, Model model,
                        HttpServletResponse response, Function<Claim, String> onClaimed) {
        model.addAttribute("email", rawEmail);
        model.addAttribute("crdCommand", crdCommand);
        model.addAttribute("connect", config.connect());
        try {
            String email = ClaimService.normalize(rawEmail);
            if (ParticipantSession.isSignedInAs(request, email)) {
                return onClaimed.apply(claims.claim(email, crdCommand).claim());
            }
            if (oidcMode) {
                // a typed email proves nothing here: the seat follows the identity provider's sign-in (claimForSignedIn)
                return notice(model, response, HttpStatus.FORBIDDEN, "Sign in first",
                        "Seats here are claimed after signing in with the lab's account; use the sign-in button on the start page.");
            }
            if (byMail) {
                return mailLink(request, email, eligibility.mayClaim(email), model, response);
            }
            if (!eligibility.mayClaim(email)) {
                return notEligible(model, response);
            }
            if (claims.activeClaim(email).isPresent()) {
                if (sendLink && links.mailConfigured()) {
                    return mailLink(request, email, true, model, response);
                }
                return alreadyClaimed(model, response);
            }
            if (openMode) {
                OptionalLong wait = newClaims.take(request.getRemoteAddr());
                if (wait.isPresent()) {
                    response.setHeader("Retry-After", String.valueOf(wait.getAsLong()));
                    return notice(model, response, HttpStatus.TOO_MANY_REQUESTS, "Too many requests",
                            "Too many machines were requested from your network in the last minute. Wait "
                                    + wait.getAsLong() + " seconds and try again.");
                }
            }
            ClaimService.Result result = claims.claim(email, crdCommand);
            if (!result.isNew()) {
                // another browser claimed for this email at the same moment: theirs, not ours
                return alreadyClaimed(model, response);
            }
            ParticipantSession.signIn(request, email, "typed");
            return onClaimed.apply(result.claim());
        } catch (BadRequestException invalid) {
            return refused(model, response, invalid.field(), invalid.getMessage());
        } catch (NoFreeSeatException none) {
            return noSeat(model, response, none);
        }
    }

    /**
     * For a browser already signed in (a used sign-in link, or OIDC): its seat, claimed now if it has
     * none, then {@code onClaimed}; the request page when nobody is signed in.
     */
    public String claimForSignedIn(HttpServletRequest request, String crdCommand, Model model, HttpServletResponse response,
                                   Function<Claim, String> onClaimed) {
        Optional<ParticipantSession.Identity> identity = ParticipantSession.of(request);
        if (identity.isEmpty()) {
            return "redirect:/";
        }
        String email = identity.get().email();
        model.addAttribute("email", email);
        model.addAttribute("connect", config.connect());
        Optional<Claim> existing = claims.activeClaim(email);
        if (existing.isPresent()) {
            return onClaimed.apply(existing.get());
        }
        if (!eligibility.mayClaim(email)) {
            return notEligible(model, response);
        }
        if (config.connect().isCrd() && crdCommand == null) {
            return "participant/crd";
        }
        try {
            return onClaimed.apply(claims.claim(email, crdCommand).claim());
        } catch (BadRequestException invalid) {
            model.addAttribute("crdCommand", crdCommand);
            model.addAttribute("error", invalid.getMessage());
            model.addAttribute("errorField", invalid.field());
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return "participant/crd";
        } catch (NoFreeSeatException none) {
            return noSeat(model, response, none);
        }
    }

    /** The seat at {@code key} when this browser is signed in as its email, else {@link NotYourSeatException}. */
    public Claim ownSeat(HttpServletRequest request, String key) {
        Claim claim = releases.seat(key);
        if (!ParticipantSession.isSignedInAs(request, claim.email())) {
            throw new NotYourSeatException();
        }
        return claim;
    }

    /** The path of this browser's active seat page, if it is signed in and has one. */
    public Optional<String> ownSeatPath(HttpServletRequest request) {
        return ParticipantSession.of(request)
                .flatMap(identity -> claims.activeClaim(identity.email()))
                .map(claim -> SeatPageKeys.pagePath(claim.pageKey()));
    }

    /** The request form again, as 400, with {@code message} at {@code field}. */
    public String refused(Model model, HttpServletResponse response, String field, String message) {
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        addRequestPage(model);
        model.addAttribute("error", message);
        model.addAttribute("errorField", field);
        return "participant/request";
    }

    /** What the request page shows besides the form: seats, connect method, the workshop's title and message. */
    public void addRequestPage(Model model) {
        model.addAttribute("connect", config.connect());
        model.addAttribute("seats", claims.seats());
        model.addAttribute("title", text.title());
        model.addAttribute("messageHtml", text.messageHtml());
    }

    /** What the seat page shows of a claim: the claim, how to connect, and its CRD PIN while it lasts. */
    public void addSeat(Model model, Claim claim) {
        model.addAttribute("claim", claim);
        model.addAttribute("connect", config.connect());
        model.addAttribute("crd", claim.isActive() ? crd.of(claim).orElse(null) : null);
        if (!claim.isActive()) {
            return;
        }
        if (config.connect().showsApps()) {
            model.addAttribute("apps", apps.of(claim.machineId(), claim.machine()));
        }
        if (ConnectSettings.URL.equals(config.connect().method())) {
            String address = config.connect().url().contains("{address}")
                    ? machines.findById(claim.machineId()).map(Machine::address).orElse(null) : null;
            model.addAttribute("connectUrl", config.connect().urlFor(claim.machine(), address, firstPort()));
        }
    }

    public String connectMethod() {
        return config.connect().method();
    }

    /** Whether the seat page offers ssh (connect.method ssh, or apps with session.ssh.port). */
    public boolean offersSsh() {
        return config.connect().showsSsh(config.session());
    }

    /** What the seat page shows for ssh (method ssh, or apps with an ssh port): the key on file and the command. */
    public void addSsh(Model model, Claim claim, HttpServletRequest request) {
        if (claim.isActive() && config.connect().showsSsh(config.session())) {
            model.addAttribute("sshAccess", ssh.access(claim, request).orElse(null));
            model.addAttribute("allocatorUrl", ssh.allocatorUrl(request));
        }
    }

    /** {@code {port}} in connect.url: the first app's port, else the ssh port. */
    private Integer firstPort() {
        return config.session().tunnelPorts().stream().findFirst().orElse(null);
    }

    private String mailLink(HttpServletRequest request, String email, boolean eligible, Model model, HttpServletResponse response) {
        if (eligible) {
            try {
                links.send(email, request.getRemoteAddr(), ServletUriComponentsBuilder.fromContextPath(request).build().toUriString());
            } catch (SignInLinks.NotSent notSent) {
                if (notSent.retryAfterSeconds > 0) {
                    response.setHeader("Retry-After", String.valueOf(notSent.retryAfterSeconds));
                    return notice(model, response, HttpStatus.TOO_MANY_REQUESTS, "Not sent again yet", notSent.getMessage());
                }
                return notice(model, response, HttpStatus.BAD_GATEWAY, "Mail not sent", notSent.getMessage());
            }
        }
        // The same words whether or not the address may claim, so the page never tells who is on the roster.
        return notice(model, response, HttpStatus.OK, "Check your mail",
                "If this address may claim a seat here, a sign-in link is on its way to " + email
                        + ". Open it in this browser within " + config.participants().linkMinutes() + " minutes.");
    }

    /** The same neutral words for everyone refused, so the page never tells who is on the roster. */
    private static String notEligible(Model model, HttpServletResponse response) {
        return notice(model, response, HttpStatus.FORBIDDEN, "Not on the list",
                "This email cannot claim a seat here; check the spelling or ask the organiser.");
    }

    private String alreadyClaimed(Model model, HttpServletResponse response) {
        model.addAttribute("offerLink", links.mailConfigured());
        return notice(model, response, HttpStatus.CONFLICT, "This email already has a seat",
                "This email already has a seat. Go back to the browser you claimed it in"
                        + (links.mailConfigured() ? ", or have a sign-in link mailed to this address." : "."));
    }

    private String noSeat(Model model, HttpServletResponse response, NoFreeSeatException none) {
        response.setStatus(HttpStatus.CONFLICT.value());
        model.addAttribute("seats", none.counts());
        return "participant/no-seat";
    }

    static String notice(Model model, HttpServletResponse response, HttpStatus status, String heading, String text) {
        response.setStatus(status.value());
        model.addAttribute("heading", heading);
        model.addAttribute("text", text);
        return "participant/notice";
    }
}
