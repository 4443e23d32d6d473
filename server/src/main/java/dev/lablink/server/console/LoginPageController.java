package dev.lablink.server.console;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The admin login form; Spring Security handles its POST. */
@Controller
class LoginPageController {
    @GetMapping("/admin/login")
    String login() {
        return "console/login";
    }
}
