package dev.lablink.server.participant;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.server.allocation.ClaimService;
import dev.lablink.server.allocation.ReleaseService;
import dev.lablink.server.allocation.SeatPageKeys;
import jakarta.servlet.http.HttpServletResponse;
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
    private final ClaimPages pages;
    private final LabLinkConfig config;

    RequestPageController(ClaimService claims, ReleaseService releases, ClaimPages pages, LabLinkConfig config) {
        this.claims = claims;
        this.releases = releases;
        this.pages = pages;
        this.config = config;
    }

    @GetMapping("/")
    String requestPage(Model model) {
        model.addAttribute("seats", claims.seats());
        model.addAttribute("connect", config.connect());
        return "participant/request";
    }

    /** A new or existing seat leads to its page (a redirect, so a reload does not claim again). */
    @PostMapping("/claim")
    String claim(@RequestParam(name = "email", required = false) String email,
                 @RequestParam(name = "crd_command", required = false) String crdCommand,
                 Model model, HttpServletResponse response) {
        return pages.claim(email, crdCommand, model, response, claim -> "redirect:" + SeatPageKeys.pagePath(claim.pageKey()));
    }

    @GetMapping("/seat/{key}")
    String seatPage(@PathVariable String key, Model model) {
        pages.addSeat(model, releases.seat(key));
        return "participant/seat";
    }

    /** The part of the seat page that follows the machine's state. */
    @GetMapping("/seat/{key}/status")
    String seatStatus(@PathVariable String key, Model model) {
        pages.addSeat(model, releases.seat(key));
        return "participant/seat :: status";
    }

    @PostMapping("/seat/{key}/release")
    String release(@PathVariable String key) {
        releases.releaseSeat(key);
        return "redirect:" + SeatPageKeys.pagePath(key);
    }
}
