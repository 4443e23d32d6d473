package dev.lablink.server.console;

import dev.lablink.server.admins.CliLogins;
import dev.lablink.server.api.BadRequestException;
import dev.lablink.server.api.ErrorPage;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Where {@code lablink login} sends the browser: behind the console login, asks whether the CLI may
 * act as this account, then hands the CLI's loopback listener a one-time code. The hand-over is a
 * page that moves on by itself (meta refresh, with a link), because the CSP's form-action 'self'
 * would stop a redirect from the form to 127.0.0.1.
 */
@Controller
class CliLoginPageController {
    private final CliLogins logins;

    CliLoginPageController(CliLogins logins) {
        this.logins = logins;
    }

    @GetMapping("/admin/cli-login")
    String ask(@RequestParam(name = "port", required = false) String port, @RequestParam(name = "state", required = false) String state,
               @RequestParam(name = "challenge", required = false) String challenge, Authentication caller, Model model, HttpServletResponse response) {
        try {
            model.addAttribute("port", checkedPort(port));
            CliLogins.checkChars("state", state);
            CliLogins.checkChars("challenge", challenge);
        } catch (BadRequestException e) {
            return ErrorPage.render(HttpStatus.BAD_REQUEST, e.getMessage(), model, response);
        }
        model.addAttribute("state", state);
        model.addAttribute("challenge", challenge);
        model.addAttribute("me", caller.getName());
        return "console/cli-login";
    }

    @PostMapping("/admin/cli-login")
    String allow(@RequestParam(name = "port", required = false) String port, @RequestParam(name = "state", required = false) String state,
                 @RequestParam(name = "challenge", required = false) String challenge, Authentication caller, Model model, HttpServletResponse response) {
        try {
            int checked = checkedPort(port);
            CliLogins.checkChars("state", state);
            String code = logins.approve(caller.getName(), challenge);
            model.addAttribute("callback", "http://127.0.0.1:" + checked + "/callback?state=" + state + "&code=" + code);
        } catch (BadRequestException e) {
            return ErrorPage.render(HttpStatus.BAD_REQUEST, e.getMessage(), model, response);
        }
        model.addAttribute("me", caller.getName());
        return "console/cli-login-done";
    }

    private static int checkedPort(String port) {
        try {
            int value = Integer.parseInt(port == null ? "" : port.trim());
            if (value >= 1024 && value <= 65535) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new BadRequestException("port", "port must be the CLI's listening port, 1024 to 65535; run lablink login again");
    }
}
