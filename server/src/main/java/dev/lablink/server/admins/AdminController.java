package dev.lablink.server.admins;

import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The admin accounts: list (with each one's login lock-out), add, remove, set a password. */
@RestController
@RequestMapping("/api/v1/admins")
public class AdminController {
    private final AdminAccounts accounts;

    public AdminController(AdminAccounts accounts) {
        this.accounts = accounts;
    }

    public record AdminView(String username, String role, Instant createdAt, String createdBy, int failedLogins, Instant lockedUntil) {
    }

    public record AddRequest(String username, String role, String password) {
    }

    /** {@code password} only when it was generated: shown this once. */
    public record Added(String username, String role, Instant createdAt, String password) {
    }

    public record PasswordRequest(String password) {
    }

    public record PasswordSet(String username, String password) {
    }

    @GetMapping
    public List<AdminView> list() {
        return accounts.list().stream().map(l -> new AdminView(l.admin().username(), l.admin().role().value(), l.admin().createdAt(),
                l.admin().createdBy(), l.lockout().failedLogins(), l.lockout().lockedUntil())).toList();
    }

    @PostMapping
    public ResponseEntity<Added> add(@RequestBody AddRequest request, Authentication caller) {
        AdminAccounts.WithPassword added = accounts.add(request.username(), request.role(), request.password(), Callers.actor(caller));
        return ResponseEntity.status(HttpStatus.CREATED).body(new Added(added.admin().username(), added.admin().role().value(),
                added.admin().createdAt(), added.password()));
    }

    @DeleteMapping("/{username}")
    public ResponseEntity<Void> remove(@PathVariable String username, Authentication caller) {
        accounts.remove(username, Callers.actor(caller));
        return ResponseEntity.noContent().build();
    }

    /** An admin may set anyone's password; a viewer only their own. */
    @PostMapping("/{username}/password")
    public PasswordSet password(@PathVariable String username, @RequestBody(required = false) PasswordRequest request, Authentication caller) {
        if (!Callers.isAdmin(caller) && !caller.getName().equals(username)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "viewer accounts are read only; ask an admin (a viewer may change only their own password)");
        }
        String generated = accounts.setPassword(username, request == null ? null : request.password(), Callers.actor(caller));
        return new PasswordSet(username, generated);
    }
}
