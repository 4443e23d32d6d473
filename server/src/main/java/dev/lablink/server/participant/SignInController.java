package dev.lablink.server.participant;

import dev.lablink.server.api.ErrorPage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The mailed sign-in link. Opening it (GET) only shows a "Continue as …" button, because mail
 * scanners fetch links too; the button's POST uses the link up, signs the browser in and claims.
 */
@Controller
class SignInController {
    private final SignInLinks links;

    SignInController(SignInLinks links) {
        this.links = links;
    }

    @GetMapping("/signin/{token}")
    String confirm(@PathVariable String token, Model model, HttpServletResponse response) {
        SignInLinks.Use link = links.check(token);
        if (link.outcome() != SignInLinks.Outcome.VALID) {
            return refused(link.outcome(), model, response);
        }
        model.addAttribute("token", token);
        model.addAttribute("email", link.email());
        return "participant/signin";
    }

    @PostMapping("/signin/{token}")
    String signIn(@PathVariable String token, HttpServletRequest request, Model model, HttpServletResponse response) {
        SignInLinks.Use link = links.use(token);
        if (link.outcome() != SignInLinks.Outcome.VALID) {
            return refused(link.outcome(), model, response);
        }
        ParticipantSession.signIn(request, link.email(), "link");
        return "redirect:/seat/claim";
    }

    private static String refused(SignInLinks.Outcome outcome, Model model, HttpServletResponse response) {
        return switch (outcome) {
            case EXPIRED -> ErrorPage.render(HttpStatus.GONE, "This link expired; request a new one on the start page.", model, response);
            case USED -> ErrorPage.render(HttpStatus.GONE, "This link was already used; request a new one on the start page "
                    + "if this browser is not signed in.", model, response);
            default -> ErrorPage.render(HttpStatus.NOT_FOUND, "There is no sign-in link at this address; "
                    + "check that the whole link was copied, or request a new one.", model, response);
        };
    }
}
