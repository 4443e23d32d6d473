package dev.lablink.server.participant;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.server.allocation.Claim;
import dev.lablink.server.allocation.ClaimService;
import dev.lablink.server.allocation.CrdSecrets;
import dev.lablink.server.allocation.NoFreeSeatException;
import dev.lablink.server.allocation.ReleaseService;
import dev.lablink.server.allocation.SeatPageKeys;
import dev.lablink.server.api.BadRequestException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The participant's side, no login: the request page, the claim, and the private seat page that
 * the same email always leads back to.
 */
@Controller
class RequestPageController {
    private final ClaimService claims;
    private final ReleaseService releases;
    private final LabLinkConfig config;
    private final CrdSecrets crd;

    RequestPageController(ClaimService claims, ReleaseService releases, LabLinkConfig config, CrdSecrets crd) {
        this.claims = claims;
        this.releases = releases;
        this.config = config;
        this.crd = crd;
    }

    @GetMapping("/")
    String requestPage(Model model) {
        model.addAttribute("seats", claims.seats());
        model.addAttribute("connect", config.connect());
        return "participant/request";
    }

    /** A new or existing seat leads to its page (303, so a reload does not claim again). */
    @PostMapping("/claim")
    String claim(@RequestParam(name = "email", required = false) String email,
                 @RequestParam(name = "crd_command", required = false) String crdCommand,
                 Model model, HttpServletResponse response) {
        model.addAttribute("email", email);
        model.addAttribute("crdCommand", crdCommand);
        model.addAttribute("connect", config.connect());
        try {
            Claim claim = claims.claim(email, crdCommand).claim();
            return "redirect:" + SeatPageKeys.pagePath(claim.pageKey());
        } catch (BadRequestException invalid) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("seats", claims.seats());
            model.addAttribute("error", invalid.getMessage());
            model.addAttribute("errorField", invalid.field());
            return "participant/request";
        } catch (NoFreeSeatException none) {
            response.setStatus(HttpStatus.CONFLICT.value());
            model.addAttribute("seats", none.counts());
            return "participant/no-seat";
        }
    }

    @GetMapping("/seat/{key}")
    String seatPage(@PathVariable String key, Model model) {
        addSeat(model, releases.seat(key));
        return "participant/seat";
    }

    /** The part of the seat page that follows the machine's state. */
    @GetMapping("/seat/{key}/status")
    String seatStatus(@PathVariable String key, Model model) {
        addSeat(model, releases.seat(key));
        return "participant/seat :: status";
    }

    @PostMapping("/seat/{key}/release")
    String release(@PathVariable String key) {
        releases.releaseSeat(key);
        return "redirect:" + SeatPageKeys.pagePath(key);
    }

    private void addSeat(Model model, Claim claim) {
        model.addAttribute("claim", claim);
        model.addAttribute("connect", config.connect());
        model.addAttribute("crd", claim.isActive() ? crd.of(claim.id()).orElse(null) : null);
    }
}
