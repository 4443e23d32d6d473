package dev.lablink.server.participant;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.server.allocation.Claim;
import dev.lablink.server.allocation.ClaimService;
import dev.lablink.server.allocation.CrdSecrets;
import dev.lablink.server.allocation.NoFreeSeatException;
import dev.lablink.server.api.BadRequestException;
import jakarta.servlet.http.HttpServletResponse;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * A claim made from a form, and the page that follows: what the seat was given to, the form again
 * with the problem at its field (400), or the no-seat page (409). Our request page and LabLink's
 * request form ({@code /api/request_vm}) both answer through it.
 */
@Component
public class ClaimPages {
    private final ClaimService claims;
    private final CrdSecrets crd;
    private final LabLinkConfig config;

    public ClaimPages(ClaimService claims, CrdSecrets crd, LabLinkConfig config) {
        this.claims = claims;
        this.crd = crd;
        this.config = config;
    }

    /** @param onClaimed the view for the participant's (new or existing) claim */
    public String claim(String email, String crdCommand, Model model, HttpServletResponse response, Function<Claim, String> onClaimed) {
        model.addAttribute("email", email);
        model.addAttribute("crdCommand", crdCommand);
        model.addAttribute("connect", config.connect());
        try {
            return onClaimed.apply(claims.claim(email, crdCommand).claim());
        } catch (BadRequestException invalid) {
            return refused(model, response, invalid.field(), invalid.getMessage());
        } catch (NoFreeSeatException none) {
            response.setStatus(HttpStatus.CONFLICT.value());
            model.addAttribute("seats", none.counts());
            return "participant/no-seat";
        }
    }

    /** The request form again, as 400, with {@code message} at {@code field}. */
    public String refused(Model model, HttpServletResponse response, String field, String message) {
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        model.addAttribute("connect", config.connect());
        model.addAttribute("seats", claims.seats());
        model.addAttribute("error", message);
        model.addAttribute("errorField", field);
        return "participant/request";
    }

    /** What the seat page shows of a claim: the claim, how to connect, and its CRD PIN while it lasts. */
    public void addSeat(Model model, Claim claim) {
        model.addAttribute("claim", claim);
        model.addAttribute("connect", config.connect());
        model.addAttribute("crd", claim.isActive() ? crd.of(claim).orElse(null) : null);
    }
}
