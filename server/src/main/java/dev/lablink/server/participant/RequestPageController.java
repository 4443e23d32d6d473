package dev.lablink.server.participant;

import dev.lablink.server.allocation.Claim;
import dev.lablink.server.allocation.ReleaseService;
import dev.lablink.server.api.BadRequestException;
import org.springframework.http.HttpStatus;
import dev.lablink.server.allocation.SeatPageKeys;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The participant's side: the request page, the claim, and the seat page, which opens only in
 * the browser signed in as the seat's participant (see {@link ParticipantSession}).
 */
@Controller
class RequestPageController {
    private final ReleaseService releases;
    private final ClaimPages pages;
    private final SeatSsh ssh;

    RequestPageController(ReleaseService releases, ClaimPages pages, SeatSsh ssh) {
        this.releases = releases;
        this.pages = pages;
        this.ssh = ssh;
    }

    @GetMapping("/")
    String requestPage(Model model) {
        pages.addRequestPage(model);
        return "participant/request";
    }

    /** A new or existing seat leads to its page (a redirect, so a reload does not claim again). */
    @PostMapping("/claim")
    String claim(@RequestParam(name = "email", required = false) String email,
                 @RequestParam(name = "crd_command", required = false) String crdCommand,
                 @RequestParam(name = "send_link", required = false) String sendLink,
                 HttpServletRequest request, Model model, HttpServletResponse response) {
        return pages.claim(request, email, crdCommand, "yes".equals(sendLink), model, response, RequestPageController::toSeat);
    }

    /** This browser's seat, or the request page when it has none. */
    @GetMapping("/seat")
    String ownSeat(HttpServletRequest request) {
        return "redirect:" + pages.ownSeatPath(request).orElse("/");
    }

    /**
     * For a browser that has just signed in (sign-in link, OIDC): claims its seat if it has none and
     * goes to it; with connect.method crd it first asks for the Chrome Remote Desktop command.
     */
    @GetMapping("/seat/claim")
    String claimSignedIn(HttpServletRequest request, Model model, HttpServletResponse response) {
        return pages.claimForSignedIn(request, null, model, response, RequestPageController::toSeat);
    }

    /** The CRD command asked for after sign-in (the code expires in minutes, so it is asked for after the mail). */
    @PostMapping("/seat/claim")
    String claimSignedInWithCode(@RequestParam(name = "crd_command", required = false) String crdCommand,
                                 HttpServletRequest request, Model model, HttpServletResponse response) {
        return pages.claimForSignedIn(request, crdCommand == null ? "" : crdCommand, model, response, RequestPageController::toSeat);
    }

    @GetMapping("/seat/{key}")
    String seatPage(@PathVariable String key, HttpServletRequest request, Model model) {
        Claim claim = pages.ownSeat(request, key);
        pages.addSeat(model, claim);
        pages.addSsh(model, claim, request);
        return "participant/seat";
    }

    /**
     * The participant's ssh public key for their machine (form field {@code ssh_public_key}): back to
     * the seat page, which shows the key and the command; the page again with the problem as 400.
     */
    @PostMapping("/seat/{key}/ssh-key")
    String sshKey(@PathVariable String key, @RequestParam(name = SeatSsh.FIELD, required = false) String pasted,
                  HttpServletRequest request, Model model, HttpServletResponse response) {
        Claim claim = pages.ownSeat(request, key);
        if (!pages.offersSsh()) {
            return ClaimPages.notice(model, response, HttpStatus.NOT_FOUND, "No ssh here",
                    "This workshop's machines take no ssh key (connect.method is " + pages.connectMethod() + "); use your seat page to connect.");
        }
        if (claim.isActive()) {
            try {
                ssh.setKey(claim, pasted);
            } catch (BadRequestException invalid) {
                response.setStatus(HttpStatus.BAD_REQUEST.value());
                pages.addSeat(model, claim);
                pages.addSsh(model, claim, request);
                model.addAttribute("sshError", invalid.getMessage());
                // a private key pasted by mistake is not shown again
                model.addAttribute("sshKeyDraft", pasted == null || pasted.contains("PRIVATE KEY") ? "" : pasted);
                return "participant/seat";
            }
        }
        return "redirect:" + SeatPageKeys.pagePath(key) + "#ssh";
    }

    /** The part of the seat page that follows the machine's state. */
    @GetMapping("/seat/{key}/status")
    String seatStatus(@PathVariable String key, HttpServletRequest request, Model model) {
        pages.addSeat(model, pages.ownSeat(request, key));
        return "participant/seat :: status";
    }

    @PostMapping("/seat/{key}/release")
    String release(@PathVariable String key, HttpServletRequest request) {
        pages.ownSeat(request, key);
        releases.releaseSeat(key);
        return "redirect:" + SeatPageKeys.pagePath(key);
    }

    private static String toSeat(Claim claim) {
        return "redirect:" + SeatPageKeys.pagePath(claim.pageKey());
    }
}
