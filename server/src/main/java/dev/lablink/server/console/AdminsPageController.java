package dev.lablink.server.console;

import dev.lablink.server.admins.AdminAccounts;
import dev.lablink.server.admins.ApiTokens;
import dev.lablink.server.admins.Callers;
import dev.lablink.server.admins.IssuedToken;
import dev.lablink.server.admins.Role;
import dev.lablink.server.api.BadRequestException;
import dev.lablink.server.api.NotFoundException;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * Admin accounts (role, lock-out; add, remove, reset a password) and the signed-in account's own
 * API tokens. A new password or token is shown once, in the page that answers the post, and kept
 * nowhere else (not in the session either).
 */
@Controller
class AdminsPageController {
    private final AdminAccounts accounts;
    private final ApiTokens tokens;

    AdminsPageController(AdminAccounts accounts, ApiTokens tokens) {
        this.accounts = accounts;
        this.tokens = tokens;
    }

    @GetMapping("/admin/admins")
    String page(Authentication caller, Model model) {
        return render(caller, model);
    }

    @PostMapping("/admin/admins")
    String add(@RequestParam(name = "username", required = false) String username, @RequestParam(name = "role", required = false) String role,
               @RequestParam(name = "password", required = false) String password, Authentication caller, Model model, HttpServletResponse response) {
        model.addAttribute("newUsername", username);
        model.addAttribute("newRole", role);
        return attempt(caller, model, response, () -> {
            AdminAccounts.WithPassword added = accounts.add(blankToNull(username), blankToNull(role), emptyToNull(password), Callers.actor(caller));
            model.addAttribute("newUsername", null);
            model.addAttribute("newRole", null);
            if (added.password() != null) {
                shownOnce(model, "The password of " + added.admin().username() + ", shown only this once:", added.password());
            }
            return "Added " + added.admin().username() + " with role " + added.admin().role().value() + ".";
        });
    }

    @PostMapping("/admin/admins/{username}/remove")
    String remove(@PathVariable String username, Authentication caller, Model model, HttpServletResponse response) {
        return attempt(caller, model, response, () -> {
            accounts.remove(username, Callers.actor(caller));
            return "Removed " + username + " and its API tokens.";
        });
    }

    /** An admin resets anyone's password to a generated one. */
    @PostMapping("/admin/admins/{username}/password")
    String resetPassword(@PathVariable String username, Authentication caller, Model model, HttpServletResponse response) {
        return attempt(caller, model, response, () -> {
            shownOnce(model, "The new password of " + username + ", shown only this once:", accounts.setPassword(username, null, Callers.actor(caller)));
            return "Reset the password of " + username + ".";
        });
    }

    /** Anyone signed in changes their own password: the one typed, or a generated one when left empty. */
    @PostMapping("/admin/admins/me/password")
    String ownPassword(@RequestParam(name = "password", required = false) String password, Authentication caller, Model model,
                       HttpServletResponse response) {
        return attempt(caller, model, response, () -> {
            String generated = accounts.setPassword(caller.getName(), emptyToNull(password), Callers.actor(caller));
            if (generated != null) {
                shownOnce(model, "Your new password, shown only this once:", generated);
            }
            return "Your password is changed; use it at your next login.";
        });
    }

    @PostMapping("/admin/admins/tokens")
    String createToken(@RequestParam(name = "name", required = false) String name, Authentication caller, Model model, HttpServletResponse response) {
        model.addAttribute("tokenName", name);
        return attempt(caller, model, response, () -> {
            IssuedToken issued = tokens.issue(caller.getName(), name);
            model.addAttribute("tokenName", null);
            shownOnce(model, "API token " + issued.name() + ", shown only this once (send it as Authorization: Bearer, or lablink --token):",
                    issued.token());
            return "Created API token " + issued.name() + ".";
        });
    }

    @PostMapping("/admin/admins/tokens/{id}/revoke")
    String revokeToken(@PathVariable long id, Authentication caller, Model model, HttpServletResponse response) {
        return attempt(caller, model, response, () -> {
            tokens.revoke(id, caller.getName(), Callers.isAdmin(caller));
            return "Revoked API token " + id + ".";
        });
    }

    private String attempt(Authentication caller, Model model, HttpServletResponse response, Supplier<String> change) {
        try {
            model.addAttribute("notice", change.get());
        } catch (BadRequestException e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("problem", e.getMessage());
            model.addAttribute("problemField", e.field());
        } catch (NotFoundException e) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            model.addAttribute("problem", e.getMessage());
        } catch (ResponseStatusException e) {
            response.setStatus(e.getStatusCode().value());
            model.addAttribute("problem", e.getReason());
        }
        return render(caller, model);
    }

    private String render(Authentication caller, Model model) {
        model.addAttribute("me", caller.getName());
        model.addAttribute("accounts", accounts.list());
        model.addAttribute("tokens", tokens.list(caller.getName()));
        model.addAttribute("roles", Arrays.stream(Role.values()).map(Role::value).toList());
        return "console/admins";
    }

    private static void shownOnce(Model model, String label, String secret) {
        model.addAttribute("secretLabel", label);
        model.addAttribute("secret", secret);
    }

    /** Passwords are taken as typed, spaces included; only an empty field means "generate one". */
    private static String emptyToNull(String password) {
        return password == null || password.isEmpty() ? null : password;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
